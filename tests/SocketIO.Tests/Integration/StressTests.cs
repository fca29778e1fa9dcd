namespace Tusk.SocketIO.Tests.Integration;

/// <summary>
/// Eight tasks emit with acks at once, every emit pending before the first answer is awaited: the ack ids, the ack table
/// and the send path are shared by concurrent callers, and polling batches the emits that queue up behind a request.
/// </summary>
/// <remarks>Each task issues all its emits without awaiting any, and the eight start together (released at once from a
/// gate onto the thread pool), so 100 per task (800 pending acks) keep the callers overlapping as 250 and 1,000 per task
/// did; the larger volumes proved nothing more. 250 per task cost the test run about 5.5 CPU-seconds (Node and the
/// client, 12 targets), 1,000 about 13.</remarks>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class StressTests
{
    private const int Tasks = 8;
    private const int AcksPerTask = 100;

    [TestCaseSource(typeof(SioTarget), nameof(SioTarget.All))]
    public async Task EightTasksOfConcurrentAcks_NoneLostOrDuplicated(SioTarget target)
    {
        await using var client = target.Client(await target.ServerAsync());
        await client.ConnectAsync().WaitAsync(SioTarget.Timeout);

        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var running = Enumerable.Range(0, Tasks).Select(task => Task.Run(async () =>
        {
            await start.Task;
            var values = new List<int>(AcksPerTask);
            var pending = new List<Task<int>>(AcksPerTask);
            for (var i = 0; i < AcksPerTask; i++)
            {
                pending.Add(client.EmitWithAckAsync<int>("ack-echo", (task * AcksPerTask) + i));
            }

            values.AddRange(await Task.WhenAll(pending));
            return values;
        })).ToList();
        start.SetResult();
        var results = await Task.WhenAll(running).WaitAsync(TimeSpan.FromSeconds(60));

        var all = results.SelectMany(v => v).ToList();
        Assert.That(all, Has.Count.EqualTo(Tasks * AcksPerTask));
        Assert.That(all.Distinct().Count(), Is.EqualTo(Tasks * AcksPerTask));
        for (var task = 0; task < Tasks; task++)
        {
            Assert.That(results[task], Is.EqualTo(Enumerable.Range(task * AcksPerTask, AcksPerTask)), $"task {task} got answers for other emits");
        }
    }
}
