namespace Tusk.Samples.Demo;

/// <summary>A failure the demo explains in one message (exit code 1), instead of a stack trace.</summary>
internal sealed class DemoException(string message) : Exception(message);
