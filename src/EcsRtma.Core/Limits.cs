namespace EcsRtma.Core;

/// <summary>
/// Every bound EcsRtma puts on attacker-controlled values and on what it stores, in one place.
/// CloudTrail fields are written by whoever made the API call (names, tags, user agents, ids) or by
/// anyone who can send to the queue; they are cleaned and cut to these sizes when parsed, so nothing
/// downstream (verdicts, durable history, Table Storage, channels, pages) ever sees an unbounded value.
/// The storage bounds are Table Storage's own, with room to spare (docs/SECURITY.md).
/// </summary>
public static class Limits
{
    // --- CloudTrail fields (cut when parsed) -------------------------------------------------------

    /// <summary>An event id as shown (the key is derived from the whole id, see <c>EventKeys</c>). CloudTrail's are 36-character GUIDs.</summary>
    public const int EventIdChars = 128;

    /// <summary>Event name and source, region, account id, cluster, service, task definition, user and session names. ECS names are at most 255.</summary>
    public const int NameChars = 256;

    /// <summary>ARNs (IAM's own maximum is 2048) and principal ids.</summary>
    public const int ArnChars = 1024;

    /// <summary>User agent, error code and message, source IP (a service name when called by AWS).</summary>
    public const int TextChars = 1024;

    /// <summary>A name quoted inside a finding (container, variable, capability, volume, command).</summary>
    public const int QuotedNameChars = 80;

    /// <summary>The largest queue message (or CloudTrail record) accepted: SQS's own maximum, 1 MiB.</summary>
    public const int MaxMessageBytes = 1024 * 1024;

    /// <summary>A string value an allow-listed preview keeps (an eventName, an error code); longer ones are cut.</summary>
    public const int PreviewValueChars = 128;

    // --- Input files (the CLI) -----------------------------------------------------------------------

    /// <summary>
    /// One line of JSON Lines, or one whole document, read by the CLI: the largest is a CloudTrail log
    /// file on one line. A longer one is rejected as it streams past (never held whole); the records
    /// in it are each still capped at the 1 MiB of an SQS message (<c>CloudTrailParser.MaxMessageBytes</c>).
    /// </summary>
    public const int MaxDocumentBytes = 64 * 1024 * 1024;

    // --- Verdicts (built once, bounded by construction) ---------------------------------------------

    public const int TitleChars = 300;

    public const int ReasonChars = 600;

    public const int MaxReasons = 30;

    public const int FindingMessageChars = 600;

    /// <summary>Findings kept per verdict after findings of one kind are folded into one.</summary>
    public const int MaxFindings = 30;

    /// <summary>More findings of one kind than this are folded into one finding with a count.</summary>
    public const int FoldFindingsAbove = 3;

    /// <summary>Names listed in a folded finding before "(+N)".</summary>
    public const int FoldedNamesListed = 5;

    public const int RemediationChars = 2000;

    public const int MaxRemediation = 10;

    // --- Storage (Table Storage: 64 KiB a property, 1 MiB an entity, 1 KiB a key) --------------------

    /// <summary>A string property: 64 KiB is 32,768 UTF-16 characters; this leaves room.</summary>
    public const int TablePropertyChars = 30_000;

    /// <summary>A key: 1 KiB is 512 UTF-16 characters.</summary>
    public const int TableKeyChars = 500;

    public const int TableEntityBytes = 1024 * 1024;

    public const int TimelineMessageChars = 4096;

    /// <summary>Refused link attempts written to an alert's timeline one by one; later ones are only counted.</summary>
    public const int RefusalsOnTimeline = 10;

    /// <summary>What a rejected message keeps of its body (after redaction).</summary>
    public const int RejectedPreviewChars = 512;

    // --- HTTP ---------------------------------------------------------------------------------------

    /// <summary>Bodies of acknowledge/resolve requests (form or JSON with a comment), checked before they are read.</summary>
    public const int ActionBodyBytes = 4096;

    /// <summary>Bodies of inbound vendor webhooks (PagerDuty v3 sends a few KB).</summary>
    public const int WebhookBodyBytes = 64 * 1024;

    /// <summary>
    /// The largest body any route accepts, checked on every route of both hosts before anything is read
    /// (a larger declared body is answered 413); the Functions host is told the same
    /// (<c>FUNCTIONS_REQUEST_BODY_SIZE_LIMIT</c> in infra/azure) and Kestrel enforces it for bodies of unknown length.
    /// </summary>
    public const int MaxRequestBodyBytes = WebhookBodyBytes;

    /// <summary>Connections the local host serves at once; more wait in the TCP backlog.</summary>
    public const int LocalMaxConnections = 64;

    public const int CommentChars = 500;

    public const int ByChars = 200;

    /// <summary>Alerts whose refused link attempts are counted at once (memory of the refusal limiter); past it, the oldest are forgotten.</summary>
    public const int RefusalsTracked = 10_000;

    /// <summary>The most items one page of the alerts or changes API returns.</summary>
    public const int ApiPageLimit = 200;

    /// <summary>A delivery's last result as stored (a vendor's error text can be anything).</summary>
    public const int DeliveryResultChars = 300;

    /// <summary>The most attempts one owned delivery makes before it is given up on: bounds an orchestration's history (weeks of outage at the default intervals).</summary>
    public const int MaxDeliveryAttempts = 20_000;

    /// <summary>Refused link attempts answered per alert per minute before 429.</summary>
    public const int RefusalsPerAlertPerMinute = 10;

    /// <summary>
    /// The longest a vendor's <c>Retry-After</c> is honoured before an owned delivery tries again: an answer
    /// of "a year" must not silence an alert (a longer one is cut to this).
    /// </summary>
    public static readonly TimeSpan MaxRetryAfter = TimeSpan.FromMinutes(15);

    /// <summary>What an alert row keeps of the deliveries that have not reached anyone yet (shown on the board).</summary>
    public const int UndeliveredChars = 1000;
}
