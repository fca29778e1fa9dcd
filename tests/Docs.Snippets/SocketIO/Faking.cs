#region socketio-faking
using System.Text.Json;
using Moq;
using Tusk.SocketIO;
#endregion

namespace Tusk.Docs.Snippets.SocketIO;

/// <summary>docs/socketio-client.md, "Testing code that uses the client": a Moq fake of ISocketIoClient.</summary>
public static class Faking
{
    public static async Task RunAsync()
    {
        #region socketio-faking
        var socket = new Mock<ISocketIoClient>();
        Action<SocketIoEvent>? onMessage = null;
        socket.Setup(s => s.On("message", It.IsAny<Action<SocketIoEvent>>()))
            .Callback<string, Action<SocketIoEvent>>((_, handler) => onMessage = handler)
            .Returns(Mock.Of<IDisposable>());
        socket.Setup(s => s.EmitWithAckAsync<int>("join", new object?[] { "lobby" })).ReturnsAsync(3);

        var chat = new ChatWindow(socket.Object);
        onMessage!(new SocketIoEvent("message", [JsonSerializer.SerializeToElement("hi")])); // as if the server sent it
        Console.WriteLine(chat.LastMessage);                  // hi
        Console.WriteLine(await chat.JoinAsync("lobby"));     // 3
        await chat.SayAsync("hello");
        socket.Verify(s => s.EmitAsync("message", new object?[] { "hello" }), Times.Once);
        #endregion
    }
}

#region socketio-faking
/// <summary>Application code: it depends on ISocketIoClient, not on the sealed SocketIoClient.</summary>
public sealed class ChatWindow
{
    private readonly ISocketIoClient _socket;

    public ChatWindow(ISocketIoClient socket)
    {
        _socket = socket;
        _socket.On("message", e => LastMessage = e.GetValue<string>());
    }

    public string? LastMessage { get; private set; }

    public Task<int> JoinAsync(string room) => _socket.EmitWithAckAsync<int>("join", room); // members in the room

    public Task SayAsync(string text) => _socket.EmitAsync("message", text);
}
#endregion
