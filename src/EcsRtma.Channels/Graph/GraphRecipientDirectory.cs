using System.Collections.Concurrent;
using EcsRtma.Core.Ports;
using Microsoft.Extensions.Options;
using Microsoft.Graph;
using Microsoft.Graph.Models;

namespace EcsRtma.Channels.Graph;

/// <summary>
/// Resolves an Entra ID group to its people through Graph: transitive members cast to users
/// (nested groups included), every page (the ConsistencyLevel header kept on each), mail and
/// mobile number; cached briefly so a burst of alerts does not page Graph.
/// </summary>
public sealed class GraphRecipientDirectory(GraphServiceClient graph, IOptions<GraphOptions> options, TimeProvider time) : IRecipientDirectory
{
    private static readonly string[] Fields = ["id", "displayName", "mail", "userPrincipalName", "mobilePhone", "accountEnabled"];
    private readonly ConcurrentDictionary<string, (DateTimeOffset At, IReadOnlyList<Core.Alerts.Recipient> Members)> _cache = new(StringComparer.OrdinalIgnoreCase);

    public async Task<IReadOnlyList<Core.Alerts.Recipient>> GetGroupMembersAsync(string groupId, CancellationToken cancellationToken)
    {
        TimeSpan ttl = options.Value.GroupCacheDuration;
        if (_cache.TryGetValue(groupId, out var cached) && time.GetUtcNow() - cached.At < ttl)
        {
            return cached.Members;
        }

        var members = new List<Core.Alerts.Recipient>();
        UserCollectionResponse? first = await graph.Groups[groupId].TransitiveMembers.GraphUser.GetAsync(request =>
        {
            request.QueryParameters.Select = Fields;
            request.QueryParameters.Count = true;
            request.QueryParameters.Top = 999;
            request.Headers.Add("ConsistencyLevel", "eventual");
        }, cancellationToken);
        if (first is not null)
        {
            var pages = PageIterator<User, UserCollectionResponse>.CreatePageIterator(graph, first, user =>
            {
                if (user.AccountEnabled != false)
                {
                    members.Add(new Core.Alerts.Recipient(user.DisplayName ?? user.UserPrincipalName ?? user.Id ?? "?", user.Mail ?? user.UserPrincipalName, user.MobilePhone));
                }

                return true;
            }, request =>
            {
                request.Headers.Add("ConsistencyLevel", "eventual");
                return request;
            });
            await pages.IterateAsync(cancellationToken);
        }

        _cache[groupId] = (time.GetUtcNow(), members);
        return members;
    }
}
