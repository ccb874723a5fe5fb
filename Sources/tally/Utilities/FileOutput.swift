import Foundation

/// Writes output files so that none is ever left half-written: each goes to a temporary
/// name in its folder and is renamed into place.
enum FileOutput {
    struct Failure: Error, CustomStringConvertible {
        var path: String
        var reason: String
        var description: String { "\(path): error: cannot write (\(reason)); check that the folder is writable and the disk has room" }
    }

    /// Makes each folder (and the folders above it), in order.
    static func makeFolders(_ folders: [String]) throws(Failure) {
        for folder in folders {
            do {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            } catch {
                throw Failure(path: folder, reason: reason(error))
            }
        }
    }

    static func write(_ files: [(path: String, bytes: [UInt8])], into folder: String) throws(Failure) {
        let manager = FileManager.default
        let root = URL(fileURLWithPath: folder)
        for file in files {
            let target = root.appendingPathComponent(file.path)
            let directory = target.deletingLastPathComponent()
            do {
                try manager.createDirectory(at: directory, withIntermediateDirectories: true)
            } catch {
                throw Failure(path: directory.path, reason: reason(error))
            }
            let temporary = directory.appendingPathComponent(".\(target.lastPathComponent).tmp-\(getpid())")
            do {
                try Data(file.bytes).write(to: temporary)
                if manager.fileExists(atPath: target.path) { try manager.removeItem(at: target) }
                try manager.moveItem(at: temporary, to: target)
            } catch {
                try? manager.removeItem(at: temporary)
                throw Failure(path: target.path, reason: reason(error))
            }
        }
    }

    private static func reason(_ error: any Error) -> String {
        if let cocoa = error as? CocoaError {
            switch cocoa.code {
            case .fileWriteOutOfSpace: return "No space left on device"
            case .fileWriteNoPermission: return "Permission denied"
            case .fileWriteVolumeReadOnly: return "Read-only file system"
            default: break
            }
        }
        let nsError = error as NSError
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        return nsError.localizedDescription
    }
}
