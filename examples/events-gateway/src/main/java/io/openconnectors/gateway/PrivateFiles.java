package io.openconnectors.gateway;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;

/**
 * Writes files that hold secrets (instance credentials, the API token): readable by the owner only, and replaced
 * atomically, so that a crash never leaves half a file; and keeps the data folder itself the owner's alone.
 */
final class PrivateFiles {

    private PrivateFiles() {
    }

    static void write(Path file, byte[] content) throws IOException {
        Files.createDirectories(file.getParent());
        Path temporary = Files.createTempFile(file.getParent(), "." + file.getFileName(), ".tmp");
        try {
            ownerOnly(temporary);
            Files.write(temporary, content);
            try {
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /**
     * Makes a folder and the files directly in it (the embedded database's, which it creates with the process's
     * umask) the owner's alone: they hold every notification body.
     */
    static void restrictFolder(Path folder) throws IOException {
        setPermissions(folder, "rwx------");
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                ownerOnly(file);
            }
        }
    }

    private static void ownerOnly(Path file) throws IOException {
        setPermissions(file, "rw-------");
    }

    private static void setPermissions(Path path, String permissions) throws IOException {
        try {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions));
        } catch (UnsupportedOperationException notPosix) {
            // Windows: the folder's own access control applies
        }
    }
}
