using System.Text.Json;
using EcsRtma.Core.Alerts;
using EcsRtma.Testing;

namespace EcsRtma.Core.Tests;

public sealed class StandardWebhookSignerTests
{
    [SkippableFact]
    public void Sign_PublishedTestVector_MatchesExactly()
    {
        string path = SharedData.RequireFile("contracts/webhook-signature-test-vectors.json");
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(path));
        JsonElement vector = doc.RootElement.GetProperty("vectors").EnumerateArray().Single(v => v.GetProperty("name").GetString() == "standard-webhooks-v1");
        JsonElement headers = vector.GetProperty("headers");

        var signer = new StandardWebhookSigner(vector.GetProperty("secret").GetString()!);
        string signature = signer.Sign(headers.GetProperty("webhook-id").GetString()!, long.Parse(headers.GetProperty("webhook-timestamp").GetString()!, System.Globalization.CultureInfo.InvariantCulture), vector.GetProperty("body").GetString()!);

        Assert.Equal(vector.GetProperty("expected").GetProperty("webhook-signature").GetString(), signature);
    }

    [Fact]
    public void Verify_AnyOfSeveralSignatures_DuringRotation()
    {
        var signer = new StandardWebhookSigner("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
        string good = signer.Sign("msg_1", 1700000000, "{}");
        Assert.True(signer.Verify("msg_1", 1700000000, "{}", "v1,AAAA " + good));
        Assert.False(signer.Verify("msg_1", 1700000001, "{}", good));
        Assert.False(signer.Verify("msg_1", 1700000000, "{ }", good));
    }
}
