import Foundation

/// One socket on its own thread, bridged to async code: incoming messages arrive on an
/// `AsyncStream`, outgoing ones go through a send queue.
public final class ZMQChannel: Sendable {
    /// Every message the socket receives, in order; finishes when the channel closes.
    public let messages: AsyncStream<ZMQMessage>
    private let outgoing = LockedValue<[[Data]]>([])
    private let thread: SocketThread

    /// Opens a socket of `kind`, lets `configure` set options and bind or connect it on the socket's
    /// own thread, and starts pumping. Errors from `configure` are thrown here.
    public init(
        context: ZMQContext,
        kind: ZMQSocketKind,
        name: String = "zmq-channel",
        configure: @escaping @Sendable (ZMQSocket) throws -> Void
    ) throws {
        let (stream, continuation) = AsyncStream<ZMQMessage>.makeStream(bufferingPolicy: .bufferingNewest(100_000))
        messages = stream
        let setup = LockedValue<Result<Void, any Error>?>(nil)
        let ready = DispatchSemaphore(value: 0)
        let outgoing = self.outgoing
        thread = try SocketThread(name: name) { thread in
            let socket: ZMQSocket
            do {
                socket = try ZMQSocket(context: context, kind: kind)
                try configure(socket)
                setup.withLock { $0 = .success(()) }
                ready.signal()
            } catch {
                setup.withLock { $0 = .failure(error) }
                ready.signal()
                continuation.finish()
                return
            }
            defer {
                socket.close()
                continuation.finish()
            }
            var poller = ZMQPoller()
            let socketIndex = poller.add(socket)
            let wakeIndex = poller.add(fileDescriptor: thread.wakeup.readDescriptor)
            while !thread.isStopping {
                do {
                    try poller.poll(timeoutMilliseconds: 250)
                    if poller.isReadable(wakeIndex) { thread.wakeup.drain() }
                    let pending = outgoing.withLock { queue -> [[Data]] in
                        defer { queue.removeAll(keepingCapacity: true) }
                        return queue
                    }
                    // Never blocking: a socket with no peer yet (a DEALER whose handshake a ZAP
                    // handler refused, say) would otherwise hold this thread in zmq_send for good,
                    // and `close()` with it. What cannot go now stays queued, in order, and the
                    // poll wakes when the socket can send.
                    var sent = 0
                    while sent < pending.count, try socket.send(pending[sent], dontWait: true) { sent += 1 }
                    if sent < pending.count {
                        outgoing.withLock { $0.insert(contentsOf: pending[sent...], at: 0) }
                    }
                    poller.watchWritable(socketIndex, sent < pending.count)
                    if poller.isReadable(socketIndex) {
                        while let message = try socket.receiveMessage(dontWait: true) {
                            continuation.yield(message)
                        }
                    }
                } catch {
                    if let error = error as? ZMQError, error.isTerminated { return }
                }
            }
        }
        ready.wait()
        if case .failure(let error) = setup.withLock({ $0 }) {
            thread.stop()
            throw error
        }
    }

    /// Queues a multipart message for sending on the socket's thread.
    public func send(_ frames: [Data]) {
        outgoing.withLock { $0.append(frames) }
        thread.wakeup.signal()
    }

    /// Stops the thread and closes the socket.
    public func close() {
        thread.stop()
    }

    deinit {
        thread.stop()
    }
}
