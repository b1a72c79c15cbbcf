using System.Globalization;
using System.Text;

namespace EcsRtma.Load;

/// <summary>
/// Realistic CloudTrail ECS records, deterministic for a seed: the mix an ECS account produces
/// (deployments, task launches, task-definition registrations with full container definitions,
/// agent traffic, read-only calls, denied calls) with varied principals and user agents.
/// </summary>
public static class TrailGenerator
{
    private static readonly string[] Agents =
    [
        "aws-cli/2.22.4 md/awscrt#0.22.0 ua/2.0 os/linux#6.1 md/arch#x86_64 lang/python#3.12.7 md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe md/prompt#off md/command#ecs.update-service",
        "APN/1.0 HashiCorp/1.0 Terraform/1.9.8 (+https://www.terraform.io) terraform-provider-aws/5.80.0 (+https://registry.terraform.io/providers/hashicorp/aws) aws-sdk-go-v2/1.32.6 ua/2.1 os/linux lang/go#1.23.3",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
        "Amazon ECS Agent - v1.89.0 (0e30ea5a) (+http://aws.amazon.com/ecs/)",
        "aws-sdk-java/2.29.20 Linux/6.1 OpenJDK_64-Bit_Server_VM/21.0.5+11-LTS Java/21.0.5 vendor/Amazon.com_Inc. md/internal exec-env/AWS_ECS_FARGATE",
    ];

    private static readonly (string Name, int Weight)[] Mix =
    [
        ("UpdateService", 20), ("RunTask", 15), ("RegisterTaskDefinition", 10), ("DescribeServices", 20), ("ListTasks", 10),
        ("SubmitTaskStateChange", 10), ("StopTask", 5), ("TagResource", 3), ("CreateService", 2), ("DeleteService", 1), ("ExecuteCommand", 1), ("PutAccountSetting", 1), ("DeregisterTaskDefinition", 2),
    ];

    public static IEnumerable<string> Records(int count, int seed = 42, DateTime? eventTime = null)
    {
        var random = new Random(seed);
        int total = Mix.Sum(m => m.Weight);
        DateTime start = eventTime ?? new DateTime(2026, 11, 27, 0, 0, 0, DateTimeKind.Utc);
        for (int i = 0; i < count; i++)
        {
            int pick = random.Next(total);
            string name = Mix.First(m => (pick -= m.Weight) < 0).Name;
            string agent = name == "SubmitTaskStateChange" ? Agents[3] : Agents[random.Next(Agents.Length)];
            string account = (111122223333 + random.Next(5)).ToString(CultureInfo.InvariantCulture);
            string role = random.Next(4) switch { 0 => "ci-deployer", 1 => "AWSReservedSSO_PlatformAdmin_0123456789abcdef", 2 => "ecsInstanceRole", _ => "ops-oncall" };
            string error = random.Next(50) == 0 ? ",\"errorCode\":\"AccessDenied\",\"errorMessage\":\"User is not authorized to perform this action\"" : string.Empty;
            string cluster = random.Next(3) switch { 0 => "payments-prod", 1 => "dev-blue", _ => "batch" };
            yield return $$$$"""{"eventVersion":"1.09","userIdentity":{"type":"AssumedRole","principalId":"AROAEXAMPLE{{{{i % 997}}}}:session-{{{{i % 101}}}}","arn":"arn:aws:sts::{{{{account}}}}:assumed-role/{{{{role}}}}/session-{{{{i % 101}}}}","accountId":"{{{{account}}}}","accessKeyId":"ASIAEXAMPLE{{{{i % 9973:D5}}}}","sessionContext":{"sessionIssuer":{"type":"Role","principalId":"AROAEXAMPLE{{{{i % 997}}}}","arn":"arn:aws:iam::{{{{account}}}}:role/{{{{role}}}}","accountId":"{{{{account}}}}","userName":"{{{{role}}}}"},"attributes":{"creationDate":"2026-11-27T00:00:00Z","mfaAuthenticated":"false"}}},"eventTime":"{{{{(eventTime is null ? start.AddSeconds(i) : start).ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture)}}}}","eventSource":"ecs.amazonaws.com","eventName":"{{{{name}}}}","awsRegion":"eu-west-1","sourceIPAddress":"198.51.100.{{{{i % 250}}}}","userAgent":"{{{{agent}}}}","requestParameters":{{{{Parameters(name, cluster, i)}}}},"responseElements":null,"requestID":"{{{{Guid(random)}}}}","eventID":"{{{{Guid(random)}}}}","readOnly":{{{{(name.StartsWith("Describe", StringComparison.Ordinal) || name.StartsWith("List", StringComparison.Ordinal) ? "true" : "false")}}}},"eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":"{{{{account}}}}","eventCategory":"Management","tlsDetails":{"tlsVersion":"TLSv1.3","cipherSuite":"TLS_AES_128_GCM_SHA256","clientProvidedHostHeader":"ecs.eu-west-1.amazonaws.com"}{{{{error}}}}}""";
        }
    }

    private static string Parameters(string name, string cluster, int i) => name switch
    {
        "RegisterTaskDefinition" => $$$$"""{"family":"api-{{{{i % 13}}}}","networkMode":"awsvpc","requiresCompatibilities":["FARGATE"],"cpu":"512","memory":"1024","executionRoleArn":"arn:aws:iam::111122223333:role/ecsTaskExecutionRole","taskRoleArn":"arn:aws:iam::111122223333:role/api-task","containerDefinitions":[{"name":"app","image":"111122223333.dkr.ecr.eu-west-1.amazonaws.com/api:{{{{i % 50}}}}","essential":true,"memory":512,"user":"10001","readonlyRootFilesystem":true,"portMappings":[{"containerPort":8080,"protocol":"tcp"}],"environment":[{"name":"LOG_LEVEL","value":"info"},{"name":"REGION","value":"eu-west-1"}],"secrets":[{"name":"DB_PASSWORD","valueFrom":"arn:aws:secretsmanager:eu-west-1:111122223333:secret:db"}],"logConfiguration":{"logDriver":"awslogs","options":{"awslogs-group":"/ecs/api","awslogs-region":"eu-west-1","awslogs-stream-prefix":"app","mode":"non-blocking"}},"healthCheck":{"command":["CMD-SHELL","curl -f http://localhost:8080/health || exit 1"],"interval":30}},{"name":"envoy","image":"public.ecr.aws/appmesh/aws-appmesh-envoy:v1.29","memory":256,"user":"1337"}]}""",
        "RunTask" => $$$$"""{"cluster":"{{{{cluster}}}}","taskDefinition":"batch-job:{{{{i % 20}}}}","count":1,"launchType":"FARGATE","networkConfiguration":{"awsvpcConfiguration":{"subnets":["subnet-0123456789abcdef0"],"assignPublicIp":"DISABLED"}},"overrides":{"containerOverrides":[{"name":"job","command":["python","run.py","--date","2026-11-27"]}]}}""",
        "UpdateService" or "CreateService" or "DeleteService" or "DescribeServices" => $$$$"""{"cluster":"{{{{cluster}}}}","service":"api-{{{{i % 13}}}}","desiredCount":{{{{i % 6}}}},"taskDefinition":"api-{{{{i % 13}}}}:{{{{i % 50}}}}","forceNewDeployment":false}""",
        "SubmitTaskStateChange" => $$$$"""{"cluster":"arn:aws:ecs:eu-west-1:111122223333:cluster/{{{{cluster}}}}","task":"arn:aws:ecs:eu-west-1:111122223333:task/{{{{cluster}}}}/0123456789abcdef{{{{i % 1000}}}}","status":"RUNNING","reason":"","containers":[],"attachments":[]}""",
        "ExecuteCommand" => $$$$"""{"cluster":"{{{{cluster}}}}","container":"app","command":"/bin/sh","interactive":true,"task":"0123456789abcdef{{{{i % 1000}}}}"}""",
        _ => $$$$"""{"cluster":"{{{{cluster}}}}"}""",
    };

    private static string Guid(Random random)
    {
        Span<byte> bytes = stackalloc byte[16];
        random.NextBytes(bytes);
        return new System.Guid(bytes).ToString();
    }

    public static void WriteFile(string path, int count)
    {
        using var writer = new StreamWriter(path, append: false, new UTF8Encoding(false), 1 << 20);
        foreach (string record in Records(count))
        {
            writer.Write(record);
            writer.Write('\n');
        }
    }
}
