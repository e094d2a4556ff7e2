import CSQLite
#if canImport(FoundationEssentials)
import FoundationEssentials  // not all of Foundation: keeps ICU and its memory out of the server
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif

extension Database {
    /// Copies the whole database into a new file with SQLite's online backup API.
    ///
    /// The copy is one consistent snapshot even while other threads keep writing: it reads
    /// through a dedicated read-only connection that holds a single read transaction for the
    /// whole copy (WAL lets writers go on meanwhile). The destination must not exist; it is
    /// created exclusively, so a concurrent backup to the same path cannot clobber it either.
    /// On failure the partial destination is removed.
    ///
    /// - Parameter pagesPerStep: pages copied per `sqlite3_backup_step` call.
    public func backup(to destinationPath: String, pagesPerStep: Int32 = 256) throws {
        try Self.claim(destinationPath)
        do {
            try copy(to: destinationPath, pagesPerStep: pagesPerStep)
        } catch {
            for suffix in ["", "-journal", "-wal", "-shm"] {
                try? FileManager.default.removeItem(atPath: destinationPath + suffix)
            }
            throw error
        }
    }

    private func copy(to destinationPath: String, pagesPerStep: Int32) throws {
        let source = try Connection(path: path, role: .reader, busyTimeoutMilliseconds: busyTimeoutMilliseconds)
        let destination = try Connection(path: destinationPath, role: .plain,
                                         busyTimeoutMilliseconds: busyTimeoutMilliseconds)
        // Pin one snapshot: backup steps reuse an open read transaction instead of starting one each.
        try retryWhileBusy {
            try source.execute("BEGIN DEFERRED")
            do {
                _ = try source.scalar("SELECT count(*) FROM sqlite_master")
            } catch {
                try? source.execute("ROLLBACK")
                throw error
            }
        }
        defer { try? source.execute("COMMIT") }

        let sourceHandle = try source.requireHandle()
        let destinationHandle = try destination.requireHandle()
        guard let backup = sqlite3_backup_init(destinationHandle, "main", sourceHandle, "main") else {
            throw DatabaseError.last(of: destinationHandle, code: sqlite3_errcode(destinationHandle), sql: nil)
        }
        var stepCode = SQLITE_OK
        var busyRetries = 0
        while true {
            stepCode = sqlite3_backup_step(backup, pagesPerStep)
            if stepCode == SQLITE_OK { busyRetries = 0; continue }
            if (stepCode == SQLITE_BUSY || stepCode == SQLITE_LOCKED) && busyRetries < Self.maxBusyRetries {
                busyRetries += 1
                usleep(Self.busyRetryMicroseconds)
                continue
            }
            break
        }
        let finishCode = sqlite3_backup_finish(backup)
        guard stepCode == SQLITE_DONE else {
            if stepCode == SQLITE_BUSY || stepCode == SQLITE_LOCKED { throw BackupError.sourceBusy(path) }
            throw DatabaseError.last(of: destinationHandle, code: stepCode, sql: nil)
        }
        guard finishCode == SQLITE_OK else {
            throw DatabaseError.last(of: destinationHandle, code: finishCode, sql: nil)
        }
        try destination.close()
    }

    private static let maxBusyRetries = 2000
    private static let busyRetryMicroseconds: useconds_t = 5000

    private func retryWhileBusy(_ body: () throws -> Void) throws {
        var retries = 0
        while true {
            do {
                return try body()
            } catch let error as DatabaseError where error.isBusy && retries < Self.maxBusyRetries {
                retries += 1
                usleep(Self.busyRetryMicroseconds)
            }
        }
    }

    /// Creates the destination exclusively (`O_EXCL`), so an existing file is never overwritten.
    private static func claim(_ destinationPath: String) throws {
        for suffix in ["-journal", "-wal", "-shm"] where FileManager.default.fileExists(atPath: destinationPath + suffix) {
            throw BackupError.destinationExists(destinationPath)
        }
        let folder = URL(fileURLWithPath: destinationPath).deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw BackupError.cannotCreateDestination(path: destinationPath, reason: String(describing: error))
        }
        let descriptor = open(destinationPath, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard descriptor >= 0 else {
            let code = errno
            if code == EEXIST { throw BackupError.destinationExists(destinationPath) }
            throw BackupError.cannotCreateDestination(path: destinationPath, reason: String(cString: strerror(code)))
        }
        closeDescriptor(descriptor)
    }
}

/// At file scope so that `close` is the C function, not `Database.close()`.
private func closeDescriptor(_ descriptor: Int32) {
    _ = close(descriptor)
}
