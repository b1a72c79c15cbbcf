using System.Globalization;
using System.Text;

namespace EcsRtma.Load;

/// <summary>
/// An organisation trail: every service's management events in one stream, ECS a small share of it
/// (about 3 % by default, as in an organisation whose trail also carries STS, KMS, S3, EC2, ECR, SSM,
/// CloudWatch Logs, Secrets Manager, IAM, ELB and Auto Scaling). The other services' records follow
/// CloudTrail's shape and size (1–2.5 KiB, responseElements and resources included); the ECS records
/// are <see cref="TrailGenerator"/>'s. Deterministic for a seed.
/// </summary>
public static class OrganisationTrailGenerator
{
    private static readonly (string Source, string Name, int Weight)[] Mix =
    [
        ("sts.amazonaws.com", "AssumeRole", 24), ("kms.amazonaws.com", "Decrypt", 14), ("kms.amazonaws.com", "GenerateDataKey", 6),
        ("s3.amazonaws.com", "GetBucketAcl", 6), ("s3.amazonaws.com", "GetBucketPolicyStatus", 4), ("ec2.amazonaws.com", "DescribeInstances", 8),
        ("ec2.amazonaws.com", "DescribeNetworkInterfaces", 4), ("ecr.amazonaws.com", "GetAuthorizationToken", 4), ("ecr.amazonaws.com", "BatchGetImage", 4),
        ("ssm.amazonaws.com", "GetParameters", 6), ("logs.amazonaws.com", "CreateLogStream", 5), ("secretsmanager.amazonaws.com", "GetSecretValue", 4),
        ("iam.amazonaws.com", "GetRole", 4), ("elasticloadbalancing.amazonaws.com", "DescribeTargetHealth", 4), ("autoscaling.amazonaws.com", "DescribeAutoScalingGroups", 3),
    ];

    private static readonly string[] Agents =
    [
        "aws-sdk-go-v2/1.32.6 ua/2.1 os/linux lang/go#1.23.3 md/GOOS#linux md/GOARCH#amd64 api/sts#1.33.2",
        "Boto3/1.35.76 md/Botocore#1.35.76 ua/2.0 os/linux#5.10.228-219.884.amzn2.x86_64 md/arch#x86_64 lang/python#3.12.8 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.35.76",
        "aws-sdk-java/2.29.20 Linux/6.1 OpenJDK_64-Bit_Server_VM/21.0.5+11-LTS Java/21.0.5 vendor/Amazon.com_Inc. md/internal exec-env/AWS_ECS_FARGATE",
        "aws-cli/2.22.4 md/awscrt#0.22.0 ua/2.0 os/linux#6.1 md/arch#x86_64 lang/python#3.12.7 md/pyimpl#CPython cfg/retry-mode#standard",
    ];

    private static readonly string[] Services = ["s3.amazonaws.com", "secretsmanager.amazonaws.com", "ecs-tasks.amazonaws.com", "lambda.amazonaws.com", "logs.amazonaws.com"];

    /// <param name="ecsPercent">ECS records per hundred (the rest are other services').</param>
    public static IEnumerable<string> Records(int count, int ecsPercent = 3, int seed = 7)
    {
        var random = new Random(seed);
        using IEnumerator<string> ecs = TrailGenerator.Records(int.MaxValue, seed + 1).GetEnumerator();
        int total = Mix.Sum(m => m.Weight);
        var start = new DateTime(2026, 11, 27, 0, 0, 0, DateTimeKind.Utc);
        for (int i = 0; i < count; i++)
        {
            if (random.Next(100) < ecsPercent && ecs.MoveNext())
            {
                yield return ecs.Current;
                continue;
            }

            int pick = random.Next(total);
            (string source, string name, _) = Mix.First(m => (pick -= m.Weight) < 0);
            string account = (111122223333 + random.Next(40)).ToString(CultureInfo.InvariantCulture);
            bool byService = source is "kms.amazonaws.com" or "sts.amazonaws.com" && random.Next(3) == 0;
            string invoker = Services[random.Next(Services.Length)];
            string identity = byService
                ? $$"""{"type":"AWSService","invokedBy":"{{invoker}}"}"""
                : $$$$"""{"type":"AssumedRole","principalId":"AROAEXAMPLE{{{{i % 997}}}}:session-{{{{i % 101}}}}","arn":"arn:aws:sts::{{{{account}}}}:assumed-role/app-{{{{i % 37}}}}/session-{{{{i % 101}}}}","accountId":"{{{{account}}}}","accessKeyId":"ASIAEXAMPLE{{{{i % 9973:D5}}}}","sessionContext":{"sessionIssuer":{"type":"Role","principalId":"AROAEXAMPLE{{{{i % 997}}}}","arn":"arn:aws:iam::{{{{account}}}}:role/app-{{{{i % 37}}}}","accountId":"{{{{account}}}}","userName":"app-{{{{i % 37}}}}"},"attributes":{"creationDate":"2026-11-26T23:10:00Z","mfaAuthenticated":"false"}}}""";
            string agent = byService ? invoker : Agents[random.Next(Agents.Length)];
            string sourceIp = byService ? invoker : $"10.{i % 200}.{i % 7}.{i % 250}";
            string region = random.Next(4) switch { 0 => "us-east-1", 1 => "eu-central-1", _ => "eu-west-1" };
            (string request, string response, string extra) = Body(source, name, account, region, i, random);
            string time = start.AddMilliseconds(i * 37L).ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
            yield return $$$"""{"eventVersion":"1.09","userIdentity":{{{identity}}},"eventTime":"{{{time}}}","eventSource":"{{{source}}}","eventName":"{{{name}}}","awsRegion":"{{{region}}}","sourceIPAddress":"{{{sourceIp}}}","userAgent":"{{{agent}}}","requestParameters":{{{request}}},"responseElements":{{{response}}}{{{extra}}},"requestID":"{{{Guid(random)}}}","eventID":"{{{Guid(random)}}}","readOnly":{{{(name.StartsWith("Get", StringComparison.Ordinal) || name.StartsWith("Describe", StringComparison.Ordinal) || name.StartsWith("BatchGet", StringComparison.Ordinal) ? "true" : "false")}}},"eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":"{{{account}}}","eventCategory":"Management","tlsDetails":{"tlsVersion":"TLSv1.3","cipherSuite":"TLS_AES_128_GCM_SHA256","clientProvidedHostHeader":"{{{source.Replace(".amazonaws.com", string.Empty, StringComparison.Ordinal)}}}.{{{region}}}.amazonaws.com"}}""";
        }
    }

    public static void WriteFile(string path, int count, int ecsPercent = 3)
    {
        using var writer = new StreamWriter(path, append: false, new UTF8Encoding(false), 1 << 20);
        foreach (string record in Records(count, ecsPercent))
        {
            writer.Write(record);
            writer.Write('\n');
        }
    }

    private static (string Request, string Response, string Extra) Body(string source, string name, string account, string region, int i, Random random)
    {
        string key = $"arn:aws:kms:{region}:{account}:key/{Guid(random)}";
        string resources = $$""","resources":[{"accountId":"{{account}}","type":"AWS::KMS::Key","ARN":"{{key}}"}]""";
        return (source, name) switch
        {
            (_, "AssumeRole") => (
                $$"""{"roleArn":"arn:aws:iam::{{account}}:role/app-{{i % 37}}","roleSessionName":"session-{{i % 101}}","durationSeconds":3600}""",
                $$$$"""{"credentials":{"accessKeyId":"ASIAEXAMPLE{{{{i % 9973:D5}}}}","sessionToken":"{{{{new string('x', 24)}}}}{{{{Convert.ToBase64String(Bytes(random, 300))}}}}","expiration":"Nov 27, 2026, 1:00:00 AM"},"assumedRoleUser":{"assumedRoleId":"AROAEXAMPLE{{{{i % 997}}}}:session-{{{{i % 101}}}}","arn":"arn:aws:sts::{{{{account}}}}:assumed-role/app-{{{{i % 37}}}}/session-{{{{i % 101}}}}"}}""",
                $$""","resources":[{"accountId":"{{account}}","type":"AWS::IAM::Role","ARN":"arn:aws:iam::{{account}}:role/app-{{i % 37}}"}],"sharedEventID":"{{Guid(random)}}" """.TrimEnd()),
            (_, "Decrypt") => (
                $$"""{"encryptionContext":{"aws:secretsmanager:arn":"arn:aws:secretsmanager:{{region}}:{{account}}:secret:app/{{i % 37}}/db-AbCdEf","SecretARN":"arn:aws:secretsmanager:{{region}}:{{account}}:secret:app/{{i % 37}}/db-AbCdEf","SecretVersionId":"{{Guid(random)}}"},"encryptionAlgorithm":"SYMMETRIC_DEFAULT"}""",
                "null", resources),
            (_, "GenerateDataKey") => ($$"""{"keyId":"{{key}}","encryptionContext":{"aws:s3:arn":"arn:aws:s3:::logs-{{account}}-{{region}}/AWSLogs/{{account}}/{{i}}.gz"},"keySpec":"AES_256"}""", "null", resources),
            ("s3.amazonaws.com", _) => (
                $$"""{"bucketName":"logs-{{account}}-{{region}}","Host":"logs-{{account}}-{{region}}.s3.{{region}}.amazonaws.com","{{(name == "GetBucketAcl" ? "acl" : "policyStatus")}}":""}""",
                "null",
                $$""","additionalEventData":{"SignatureVersion":"SigV4","CipherSuite":"TLS_AES_128_GCM_SHA256","bytesTransferredIn":0,"AuthenticationMethod":"AuthHeader","x-amz-id-2":"{{Convert.ToBase64String(Bytes(random, 57))}}","bytesTransferredOut":{{random.Next(300, 900)}}},"resources":[{"type":"AWS::S3::Bucket","ARN":"arn:aws:s3:::logs-{{account}}-{{region}}"}]"""),
            (_, "DescribeInstances") => ($$$$"""{"instancesSet":{},"filterSet":{"items":[{"name":"tag:team","valueSet":{"items":[{"value":"team-{{{{i % 13}}}}"}]}},{"name":"instance-state-name","valueSet":{"items":[{"value":"running"}]}}]}}""", "null", string.Empty),
            (_, "DescribeNetworkInterfaces") => ($$$$"""{"networkInterfaceIdSet":{"items":[{"networkInterfaceId":"eni-0123456789abcd{{{{i % 1000:D3}}}}"}]},"filterSet":{}}""", "null", string.Empty),
            (_, "GetAuthorizationToken") => ("{}", "null", string.Empty),
            (_, "BatchGetImage") => ($$"""{"imageIds":[{"imageTag":"v{{i % 50}}"}],"acceptedMediaTypes":["application/vnd.docker.distribution.manifest.v1+json","application/vnd.docker.distribution.manifest.v2+json","application/vnd.oci.image.manifest.v1+json"],"repositoryName":"api","registryId":"{{account}}"}""", "null",
                $$""","resources":[{"accountId":"{{account}}","ARN":"arn:aws:ecr:{{region}}:{{account}}:repository/api"}]"""),
            (_, "GetParameters") => ($$"""{"names":["/app/{{i % 37}}/feature-flags","/app/{{i % 37}}/endpoint"],"withDecryption":true}""", "null", string.Empty),
            (_, "CreateLogStream") => ($$"""{"logGroupName":"/ecs/app-{{i % 37}}","logStreamName":"app/app/{{Guid(random).Replace("-", string.Empty, StringComparison.Ordinal)}}"}""", "null", string.Empty),
            (_, "GetSecretValue") => ($$"""{"secretId":"arn:aws:secretsmanager:{{region}}:{{account}}:secret:app/{{i % 37}}/db-AbCdEf"}""", "null", string.Empty),
            (_, "GetRole") => ($$"""{"roleName":"app-{{i % 37}}"}""", "null", string.Empty),
            (_, "DescribeTargetHealth") => ($$"""{"targetGroupArn":"arn:aws:elasticloadbalancing:{{region}}:{{account}}:targetgroup/app-{{i % 37}}/0123456789abcdef"}""", "null", string.Empty),
            _ => ($$"""{"autoScalingGroupNames":["asg-{{i % 13}}"],"maxRecords":50}""", "null", string.Empty),
        };
    }

    private static byte[] Bytes(Random random, int n)
    {
        byte[] bytes = new byte[n];
        random.NextBytes(bytes);
        return bytes;
    }

    private static string Guid(Random random)
    {
        Span<byte> bytes = stackalloc byte[16];
        random.NextBytes(bytes);
        return new System.Guid(bytes).ToString();
    }
}
