using System.Security.Cryptography;
using EcsRtma.Core.Alerts;

namespace EcsRtma.Core.Tests;

public sealed class AckTokenServiceTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 9, 0, 0, TimeSpan.Zero);
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);
    private readonly FixedTime _time = new(Now);

    [Fact]
    public void Verify_FreshToken_ReturnsItsClaims()
    {
        var service = new AckTokenService(_key, _time);
        string token = service.Issue("ecs-1", "webhook:tier1", "ack", Now.AddHours(1));

        Assert.Equal(AckTokenError.None, service.Verify(token, "ecs-1", out AckClaims? claims));
        Assert.Equal(("ecs-1", "webhook:tier1", "ack"), (claims!.AlertId, claims.Recipient, claims.Action));
        Assert.Equal(24, claims.Nonce.Length);
    }

    [Fact]
    public void Issue_TwiceForTheSameAlert_GivesDistinctNonces()
    {
        var service = new AckTokenService(_key, _time);
        service.Verify(service.Issue("ecs-1", "r", "ack", Now.AddHours(1)), "ecs-1", out AckClaims? a);
        service.Verify(service.Issue("ecs-1", "r", "ack", Now.AddHours(1)), "ecs-1", out AckClaims? b);
        Assert.NotEqual(a!.Nonce, b!.Nonce);
    }

    [Fact]
    public void Verify_AfterExpiry_IsExpired()
    {
        var service = new AckTokenService(_key, _time);
        string token = service.Issue("ecs-1", "r", "ack", Now.AddMinutes(5));
        _time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(AckTokenError.Expired, service.Verify(token, "ecs-1", out _));
    }

    [Fact]
    public void Verify_TokenOfAnotherAlert_IsWrongAlert()
    {
        var service = new AckTokenService(_key, _time);
        string token = service.Issue("ecs-1", "r", "ack", Now.AddHours(1));
        Assert.Equal(AckTokenError.WrongAlert, service.Verify(token, "ecs-2", out _));
    }

    [Fact]
    public void Verify_SignedWithAnotherKey_IsBadSignature()
    {
        string token = new AckTokenService(RandomNumberGenerator.GetBytes(32), _time).Issue("ecs-1", "r", "ack", Now.AddHours(1));
        Assert.Equal(AckTokenError.BadSignature, new AckTokenService(_key, _time).Verify(token, "ecs-1", out _));
    }

    [Fact]
    public void Verify_PayloadTampered_IsBadSignature()
    {
        var service = new AckTokenService(_key, _time);
        string token = service.Issue("ecs-1", "r", "ack", Now.AddHours(1));
        string payload = System.Text.Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(token.Split('.')[0]));
        string forged = System.Buffers.Text.Base64Url.EncodeToString(System.Text.Encoding.UTF8.GetBytes(payload.Replace("ecs-1", "ecs-2", StringComparison.Ordinal))) + "." + token.Split('.')[1];
        Assert.Equal(AckTokenError.BadSignature, service.Verify(forged, "ecs-2", out _));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("no-dot")]
    [InlineData("a.")]
    [InlineData("!!!.???")]
    public void Verify_Garbage_IsMalformed(string? token) =>
        Assert.Equal(AckTokenError.Malformed, new AckTokenService(_key, _time).Verify(token, "ecs-1", out _));

    [Fact]
    public void Verify_DuringKeyRotation_AcceptsThePreviousKey()
    {
        byte[] old = RandomNumberGenerator.GetBytes(32);
        string token = new AckTokenService(old, _time).Issue("ecs-1", "r", "ack", Now.AddHours(1));
        Assert.Equal(AckTokenError.None, new AckTokenService(_key, _time, previousKey: old).Verify(token, "ecs-1", out _));
    }

    [Fact]
    public void Issue_RecipientWithSeparator_RoundTrips()
    {
        var service = new AckTokenService(_key, _time);
        service.Verify(service.Issue("ecs-1", "a|b%7C", "ack", Now.AddHours(1)), "ecs-1", out AckClaims? claims);
        Assert.Equal("a|b%7C", claims!.Recipient);
    }

    [Fact]
    public void FromBase64_ShortOrMissingKey_ExplainsTheSetting()
    {
        Assert.Contains("Ack:SigningKey is not configured", Assert.Throws<InvalidOperationException>(() => AckTokenService.FromBase64(null, _time)).Message, StringComparison.Ordinal);
        Assert.Contains("at least 32", Assert.Throws<InvalidOperationException>(() => AckTokenService.FromBase64(Convert.ToBase64String(new byte[16]), _time)).Message, StringComparison.Ordinal);
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        private DateTimeOffset _now = now;

        public void Advance(TimeSpan by) => _now += by;

        public override DateTimeOffset GetUtcNow() => _now;
    }
}
