namespace Tusk.Benchmarks;

/// <summary>One end of an in-memory duplex connection made of two <see cref="InMemoryPipe"/>s.</summary>
public sealed class InMemoryDuplexStream(InMemoryPipe input, InMemoryPipe output) : Stream
{
    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public static (InMemoryDuplexStream Client, InMemoryDuplexStream Server) CreatePair()
    {
        var toServer = new InMemoryPipe();
        var toClient = new InMemoryPipe();
        return (new InMemoryDuplexStream(toClient, toServer), new InMemoryDuplexStream(toServer, toClient));
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => input.ReadAsync(buffer);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        input.ReadAsync(buffer.AsMemory(offset, count)).AsTask();

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => output.WriteAsync(buffer);

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        output.WriteAsync(buffer.AsMemory(offset, count)).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => input.ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override void Write(byte[] buffer, int offset, int count) => output.WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override void Flush()
    {
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        input.Complete();
        output.Complete();
        base.Dispose(disposing);
    }
}
