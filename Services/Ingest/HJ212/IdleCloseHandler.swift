import NIOCore

/// Closes a connection when `IdleStateHandler` reports it silent.
final class IdleCloseHandler: ChannelInboundHandler {
    /// Bytes in.
    typealias InboundIn = ByteBuffer
    /// Bytes on.
    typealias InboundOut = ByteBuffer

    /// Closes on an idle event, passes everything else on.
    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is IdleStateHandler.IdleStateEvent {
            context.close(promise: nil)
        } else {
            context.fireUserInboundEventTriggered(event)
        }
    }
}
