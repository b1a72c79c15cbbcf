using System.IO.Compression;

namespace EcsRtma.Cli;

/// <summary>Opens input files, transparently decompressing gzip (CloudTrail writes .json.gz).</summary>
public static class InputFiles
{
    public static Stream Open(string path)
    {
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        var buffered = new BufferedStream(file, 1 << 16);
        Span<byte> magic = stackalloc byte[2];
        int read = buffered.Read(magic);
        buffered.Position = 0;
        return read == 2 && magic[0] == 0x1f && magic[1] == 0x8b ? new GZipStream(buffered, CompressionMode.Decompress) : buffered;
    }
}
