namespace Tusk.SocketIO.Tests.Integration;

[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class StressTests
{
    private const int Tasks = 8;
    private const int AcksPerTask = 1000;

    [TestCaseSource(typeof(SioTarget), nameof(SioTarget.All))]
    public async Task EightTasksTimesAThousandAcks_NoneLostOrDuplicated(SioTarget target)
    {
        await using var client = target.Client(await target.ServerAsync());
        await client.ConnectAsync().WaitAsync(SioTarget.Timeout);

        var results = await Task.WhenAll(Enumerable.Range(0, Tasks).Select(task => Task.Run(async () =>
        {
            var values = new List<int>(AcksPerTask);
            var pending = new List<Task<int>>(AcksPerTask);
            for (var i = 0; i < AcksPerTask; i++)
            {
                pending.Add(client.EmitWithAckAsync<int>("ack-echo", (task * AcksPerTask) + i));
            }

            values.AddRange(await Task.WhenAll(pending));
            return values;
        }))).WaitAsync(TimeSpan.FromSeconds(60));

        var all = results.SelectMany(v => v).ToList();
        Assert.That(all, Has.Count.EqualTo(Tasks * AcksPerTask));
        Assert.That(all.Distinct().Count(), Is.EqualTo(Tasks * AcksPerTask));
        for (var task = 0; task < Tasks; task++)
        {
            Assert.That(results[task], Is.EqualTo(Enumerable.Range(task * AcksPerTask, AcksPerTask)), $"task {task} got answers for other emits");
        }
    }
}
