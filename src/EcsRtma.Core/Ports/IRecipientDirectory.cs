using EcsRtma.Core.Alerts;

namespace EcsRtma.Core.Ports;

/// <summary>Resolves an Entra ID group to the people in it (Microsoft Graph in production).</summary>
public interface IRecipientDirectory
{
    Task<IReadOnlyList<Recipient>> GetGroupMembersAsync(string groupId, CancellationToken cancellationToken);
}
