using System.Text.Json;
using EcsRtma.Core.Text;

namespace EcsRtma.Core.Events;

/// <summary>The nested sections of a record the parser reads: userIdentity and networkConfiguration (the rest of requestParameters is in CloudTrailParser.Request.cs).</summary>
public static partial class CloudTrailParser
{
    private static UserIdentity ReadIdentity(ref Utf8JsonReader reader)
    {
        string? type = null, arn = null, accountId = null, principalId = null, userName = null, invokedBy = null;
        string? issuerArn = null, issuerType = null, issuerUserName = null;
        bool? mfa = null, fromConsole = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (Is(ref reader, "type"u8))
            {
                type = ReadOptional(ref reader, repeated: true);
            }
            else if (Is(ref reader, "arn"u8))
            {
                arn = ReadOptional(ref reader);
            }
            else if (Is(ref reader, "accountId"u8))
            {
                accountId = ReadOptional(ref reader, repeated: true);
            }
            else if (Is(ref reader, "principalId"u8))
            {
                principalId = ReadOptional(ref reader);
            }
            else if (Is(ref reader, "userName"u8))
            {
                userName = ReadOptional(ref reader, repeated: true);
            }
            else if (Is(ref reader, "invokedBy"u8))
            {
                invokedBy = ReadOptional(ref reader, repeated: true);
            }
            else if (Is(ref reader, "sessionCredentialFromConsole"u8))
            {
                fromConsole = ReadBool(ref reader);
            }
            else if (Is(ref reader, "sessionContext"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    reader.Skip();
                    continue;
                }

                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    if (Is(ref reader, "sessionIssuer"u8))
                    {
                        reader.Read();
                        if (reader.TokenType != JsonTokenType.StartObject)
                        {
                            reader.Skip();
                            continue;
                        }

                        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                        {
                            if (Is(ref reader, "arn"u8))
                            {
                                issuerArn = ReadOptional(ref reader, repeated: true);
                            }
                            else if (Is(ref reader, "type"u8))
                            {
                                issuerType = ReadOptional(ref reader, repeated: true);
                            }
                            else if (Is(ref reader, "userName"u8))
                            {
                                issuerUserName = ReadOptional(ref reader, repeated: true);
                            }
                            else
                            {
                                reader.Read();
                                reader.Skip();
                            }
                        }
                    }
                    else if (Is(ref reader, "attributes"u8))
                    {
                        reader.Read();
                        if (reader.TokenType != JsonTokenType.StartObject)
                        {
                            reader.Skip();
                            continue;
                        }

                        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                        {
                            if (Is(ref reader, "mfaAuthenticated"u8))
                            {
                                mfa = ReadBool(ref reader);
                            }
                            else
                            {
                                reader.Read();
                                reader.Skip();
                            }
                        }
                    }
                    else
                    {
                        reader.Read();
                        reader.Skip();
                    }
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        // Cleaned and bounded here, where the identity is made (Limits).
        return new UserIdentity
        {
            Type = UntrustedText.Bound(type, Limits.NameChars),
            Arn = UntrustedText.Bound(arn, Limits.ArnChars),
            AccountId = UntrustedText.Bound(accountId, Limits.NameChars),
            PrincipalId = UntrustedText.Bound(principalId, Limits.ArnChars),
            UserName = UntrustedText.Bound(userName, Limits.NameChars),
            InvokedBy = UntrustedText.Bound(invokedBy, Limits.NameChars),
            SessionIssuerArn = UntrustedText.Bound(issuerArn, Limits.ArnChars),
            SessionIssuerType = UntrustedText.Bound(issuerType, Limits.NameChars),
            SessionIssuerUserName = UntrustedText.Bound(issuerUserName, Limits.NameChars),
            MfaAuthenticated = mfa,
            SessionCredentialFromConsole = fromConsole,
        };
    }

    /// <summary>networkConfiguration → awsvpcConfiguration → assignPublicIp, skipping everything else.</summary>
    private static bool? ReadAssignPublicIp(ref Utf8JsonReader reader)
    {
        bool? result = null;
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return null;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            reader.Read();
            if (reader.TokenType == JsonTokenType.StartObject && reader.ValueIsEscaped is false && result is null)
            {
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    if (Is(ref reader, "assignPublicIp"u8))
                    {
                        reader.Read();
                        result = reader.TokenType == JsonTokenType.String ? Is(ref reader, "ENABLED"u8) : null;
                        reader.Skip();
                    }
                    else
                    {
                        reader.Read();
                        reader.Skip();
                    }
                }
            }
            else
            {
                reader.Skip();
            }
        }

        return result;
    }
}
