using System.Text.Json;

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
            if (reader.ValueTextEquals("type"u8))
            {
                type = ReadOptional(ref reader);
            }
            else if (reader.ValueTextEquals("arn"u8))
            {
                arn = ReadOptional(ref reader);
            }
            else if (reader.ValueTextEquals("accountId"u8))
            {
                accountId = ReadOptional(ref reader);
            }
            else if (reader.ValueTextEquals("principalId"u8))
            {
                principalId = ReadOptional(ref reader);
            }
            else if (reader.ValueTextEquals("userName"u8))
            {
                userName = ReadOptional(ref reader);
            }
            else if (reader.ValueTextEquals("invokedBy"u8))
            {
                invokedBy = ReadOptional(ref reader);
            }
            else if (reader.ValueTextEquals("sessionCredentialFromConsole"u8))
            {
                fromConsole = ReadBool(ref reader);
            }
            else if (reader.ValueTextEquals("sessionContext"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    reader.Skip();
                    continue;
                }

                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    if (reader.ValueTextEquals("sessionIssuer"u8))
                    {
                        reader.Read();
                        if (reader.TokenType != JsonTokenType.StartObject)
                        {
                            reader.Skip();
                            continue;
                        }

                        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                        {
                            if (reader.ValueTextEquals("arn"u8))
                            {
                                issuerArn = ReadOptional(ref reader);
                            }
                            else if (reader.ValueTextEquals("type"u8))
                            {
                                issuerType = ReadOptional(ref reader);
                            }
                            else if (reader.ValueTextEquals("userName"u8))
                            {
                                issuerUserName = ReadOptional(ref reader);
                            }
                            else
                            {
                                reader.Read();
                                reader.Skip();
                            }
                        }
                    }
                    else if (reader.ValueTextEquals("attributes"u8))
                    {
                        reader.Read();
                        if (reader.TokenType != JsonTokenType.StartObject)
                        {
                            reader.Skip();
                            continue;
                        }

                        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                        {
                            if (reader.ValueTextEquals("mfaAuthenticated"u8))
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

        return new UserIdentity
        {
            Type = type,
            Arn = arn,
            AccountId = accountId,
            PrincipalId = principalId,
            UserName = userName,
            InvokedBy = invokedBy,
            SessionIssuerArn = issuerArn,
            SessionIssuerType = issuerType,
            SessionIssuerUserName = issuerUserName,
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
                    if (reader.ValueTextEquals("assignPublicIp"u8))
                    {
                        reader.Read();
                        result = reader.TokenType == JsonTokenType.String ? reader.ValueTextEquals("ENABLED"u8) : null;
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
