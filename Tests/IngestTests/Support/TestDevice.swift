import Domain
import Foundation
import NIOCore
import NIOPosix

/// A device end of a real TCP connection to the HJ 212 listener, for tests.
struct TestDevice {
    private var iterator: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator
    private let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
    private var pending: [UInt8] = []

    /// Connects to `127.0.0.1:port` and runs `body` with the device; closes the connection after.
    static func with<Result: Sendable>(
        port: Int, _ body: (inout TestDevice) async throws -> Result
    ) async throws -> Result {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: "127.0.0.1", port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        return try await channel.executeThenClose { inbound, outbound in
            var device = TestDevice(iterator: inbound.makeAsyncIterator(), outbound: outbound)
            return try await body(&device)
        }
    }

    /// Sends bytes.
    func send(_ bytes: [UInt8]) async throws {
        try await outbound.write(ByteBuffer(bytes: bytes))
    }

    /// Sends bytes in chunks of `size`, one write each.
    func send(_ bytes: [UInt8], chunk size: Int) async throws {
        var offset = 0
        while offset < bytes.count {
            try await outbound.write(ByteBuffer(bytes: bytes[offset..<min(offset + size, bytes.count)]))
            offset += size
        }
    }

    /// Reads the next frame the platform sends (up to and including CR LF), decoded; nil when the connection closed.
    mutating func nextReply() async throws -> HJ212Message? {
        while true {
            if let end = pending.firstIndex(of: 0x0A) {
                let frame = Array(pending[...end])
                pending.removeSubrange(...end)
                return try HJ212Message(wireBytes: frame)
            }
            guard let buffer = try await iterator.next() else { return nil }
            pending += Array(buffer.readableBytesView)
        }
    }

    /// Waits for the connection to be closed by the platform, discarding anything it sends.
    mutating func waitForClose() async throws {
        while try await iterator.next() != nil {}
    }
}

/// Packets for tests.
enum Packets {
    /// A 2017 upload of `cn` with `fields` (already `name=value` text, `;`-joined), Flag A=1 unless told.
    static func upload(
        mn: String = "430200A0001", pw: String = "123456", st: String = "22", cn: Int = 2011,
        qn: String = "20240315103000123", dataTime: String = "20240315103000", fields: String,
        acknowledge: Bool = true, split: (number: Int, count: Int)? = nil
    ) -> [UInt8] {
        let flag = 4 | (acknowledge ? 1 : 0) | (split == nil ? 0 : 2)
        var header = "QN=\(qn);ST=\(st);CN=\(cn);PW=\(pw);MN=\(mn);Flag=\(flag);"
        if let split { header += "PNUM=\(split.count);PNO=\(split.number);" }
        let segment = header + "CP=&&DataTime=\(dataTime);\(fields)&&"
        return (try? HJ212Encoder.frame(dataSegment: segment)) ?? []
    }

    /// The PM2.5 and CO real-time fields of a typical air upload.
    static let airFields = "a34004-Rtd=35.2,a34004-Flag=N;a21005-Rtd=1.1,a21005-Flag=N"
}
