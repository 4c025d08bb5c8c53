import Foundation
import Testing

@testable import Domain

/// Tests for HJ 212 stream framing.
@Suite("HJ 212 stream framing")
struct HJ212FrameDecoderTests {
    private let first = HJ212TestSupport.frame(HJ212TestSupport.airUploadSegment)
    private let second = HJ212TestSupport.frame(
        "QN=20160801085857223;ST=32;CN=1062;PW=100000;MN=010000A8900016F000169DC0;Flag=5;CP=&&RtdInterval=30&&")

    /// A frame delivered one byte at a time appears only when its tail arrives.
    @Test("a frame delivered one byte at a time appears only when its tail arrives")
    func byteByByte() {
        // Given a decoder and a complete frame
        var decoder = HJ212FrameDecoder()
        var produced: [Result<HJ212Message, HJ212Refusal>] = []

        // When bytes arrive one at a time
        for (offset, byte) in first.enumerated() {
            produced += decoder.feed([byte])
            // Then nothing is produced before the last byte
            if offset < first.count - 1 { #expect(produced.isEmpty) }
        }

        // Then exactly one message is produced and nothing stays buffered
        #expect(produced.count == 1)
        #expect(produced.first?.value?.command == 2011)
        #expect(decoder.bufferedByteCount == 0)
    }

    /// Several frames in one chunk all come out, in order.
    @Test("several frames in one chunk all come out, in order")
    func mergedChunk() {
        // Given three frames concatenated into one chunk
        let chunk = first + second + first

        // When fed at once
        let results = HJ212TestSupport.decodeAll([chunk])

        // Then three messages come out in stream order
        #expect(results.compactMap(\.value).map(\.command) == [2011, 1062, 2011])
    }

    /// Frames split at every possible boundary decode the same.
    @Test("frames split at every possible boundary decode the same", arguments: [1, 2, 5, 6, 7, 50, 399, 400])
    func splitAt(_ cut: Int) {
        // Given two frames cut into two chunks at an arbitrary point
        let stream = first + second
        let chunks = [Array(stream[..<cut]), Array(stream[cut...])]

        // When fed chunk by chunk
        let results = HJ212TestSupport.decodeAll(chunks)

        // Then both frames are decoded and nothing is refused
        #expect(results.compactMap(\.value).map(\.command) == [2011, 1062])
        #expect(results.allSatisfy { $0.failure == nil })
    }

    /// Garbage before, between and after frames is skipped up to the next ##.
    @Test("garbage before, between and after frames is skipped up to the next ##")
    func garbageResynchronises() {
        // Given frames surrounded by noise, including a lone '#'
        let stream = Array("hello".utf8) + first + Array("\u{0}#x".utf8) + second + Array("tail#".utf8)

        // When decoded
        let results = HJ212TestSupport.decodeAll([stream])

        // Then both frames survive and each noise run is reported as bad_header
        #expect(results.compactMap(\.value).map(\.command) == [2011, 1062])
        let refusals = results.compactMap(\.failure)
        #expect(refusals.map(\.reason) == [.badHeader, .badHeader, .badHeader])
        #expect(refusals.first?.raw == Array("hello".utf8))
    }

    /// A '#' at the end of a chunk is kept in case the next chunk completes ##.
    @Test("a '#' at the end of a chunk is kept in case the next chunk completes ##")
    func trailingHashIsKept() {
        // Given noise ending in '#' and then the rest of a frame
        let chunks = [Array("zz#".utf8), Array(first.dropFirst())]

        // When decoded
        let results = HJ212TestSupport.decodeAll(chunks)

        // Then the noise is refused and the frame still decodes
        #expect(results.compactMap(\.failure).map(\.reason) == [.badHeader])
        #expect(results.compactMap(\.value).count == 1)
    }

    /// Three hashes resynchronise on the last pair.
    @Test("three hashes resynchronise on the last pair")
    func tripleHash() {
        // Given a stray '#' glued to a frame
        let stream = Array("#".utf8) + first

        // When decoded
        let results = HJ212TestSupport.decodeAll([stream])

        // Then the frame is found after one bad_length refusal
        #expect(results.compactMap(\.failure).map(\.reason) == [.badLength])
        #expect(results.compactMap(\.value).count == 1)
    }

    /// A frame with a bad CRC does not swallow the frame after it.
    @Test("a frame with a bad CRC does not swallow the frame after it")
    func badFrameThenGood() {
        // Given a corrupted frame followed by a good one
        var corrupted = first
        corrupted[40] = UInt8(ascii: "X")

        // When decoded
        let results = HJ212TestSupport.decodeAll([corrupted + second])

        // Then the first is refused with bad_crc and the second decodes
        #expect(results.compactMap(\.failure).map(\.reason) == [.badCRC])
        #expect(results.compactMap(\.value).map(\.command) == [1062])
    }

    /// An over-long declared length waits, then the CRC check releases the real frames.
    @Test("an over-long declared length waits, then the CRC check releases the real frames")
    func declaredLengthTooLong() {
        // Given a frame that declares more bytes than it has, followed by a good frame
        let wrong = HJ212TestSupport.frame(
            "QN=20160801085857223;ST=32;CN=1062;PW=100000;MN=010000A8900016F000169DC0;Flag=5;CP=&&RtdInterval=30&&",
            length: 120)

        // When decoded
        let results = HJ212TestSupport.decodeAll([wrong + first])

        // Then the bad one is refused and the good one is recovered by resynchronising inside the consumed bytes
        #expect(results.first?.failure?.reason == .badCRC)
        #expect(results.compactMap(\.value).map(\.command) == [2011])
    }

    /// Reset drops a half-received frame.
    @Test("reset drops a half-received frame")
    func resetDropsPartial() {
        // Given a decoder holding half a frame
        var decoder = HJ212FrameDecoder()
        decoder.append(first.prefix(100))
        #expect(decoder.nextFrame() == nil)

        // When reset and fed a whole frame
        decoder.reset()
        let results = decoder.feed(second)

        // Then only the new frame is produced
        #expect(decoder.bufferedByteCount == 0)
        #expect(results.compactMap(\.value).map(\.command) == [1062])
    }

    /// Frames expose their segment, declared length and check value.
    @Test("frames expose their segment, declared length and check value")
    func frameRecord() throws {
        // Given one frame
        var decoder = HJ212FrameDecoder()
        decoder.append(second)

        // When pulled as a frame
        let frame = try #require(decoder.nextFrame()?.value)

        // Then the envelope facts are recorded
        #expect(frame.declaredLength == 101)
        #expect(frame.crc == 0x1C80)
        #expect(frame.crcAlgorithm == .standard)
        #expect(frame.leniencies.isEmpty)
        #expect(frame.dataSegment.count == 101)
    }

    /// A long run of frames in many small chunks all decode.
    @Test("a long run of frames in many small chunks all decode")
    func manySmallChunks() {
        // Given 50 frames cut into 37-byte chunks
        let stream = Array((0..<50).map { _ in first }.joined())
        let chunks = stride(from: 0, to: stream.count, by: 37).map { Array(stream[$0..<min($0 + 37, stream.count)]) }

        // When decoded
        let results = HJ212TestSupport.decodeAll(chunks)

        // Then all 50 messages come out
        #expect(results.compactMap(\.value).count == 50)
        #expect(results.compactMap(\.failure).isEmpty)
    }
}
