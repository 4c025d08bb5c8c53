import Foundation
import Synchronization

/// A file that whole records are appended to, one writer at a time, each record on disk before
/// `append` returns (so whoever was answered "delivered" can read it back).
final class AppendOnlyFile: Sendable {
    /// Where it is.
    let url: URL
    private let handle: Mutex<FileHandle>

    /// Opens (creating it when missing) the file at `url` for appending.
    init(url: URL) throws {
        self.url = url
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        if !FileManager.default.fileExists(atPath: url.path) {
            FileManager.default.createFile(atPath: url.path, contents: nil)
        }
        let handle = try FileHandle(forWritingTo: url)
        try handle.seekToEnd()
        self.handle = Mutex(handle)
    }

    /// Appends `data` as one record.
    func append(_ data: Data) throws {
        try handle.withLock { handle in
            try handle.write(contentsOf: data)
            try handle.synchronize()
        }
    }
}
