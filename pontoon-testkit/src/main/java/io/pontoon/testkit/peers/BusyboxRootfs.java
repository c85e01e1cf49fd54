// SPDX-License-Identifier: Apache-2.0
package io.pontoon.testkit.peers;

import io.pontoon.testkit.Commands;
import io.pontoon.testkit.Lab;
import io.pontoon.testkit.LabException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * A container image without a registry: a root file system holding Debian's
 * {@code busybox-static} as {@code /bin/busybox} with a symlink for every applet it has
 * ({@code busybox --list-full}: sh, ping, nc, wget, httpd, ip, ifconfig, nslookup, ...), plus
 * {@code /etc/passwd}, {@code /etc/group}, {@code /tmp} and {@code /www/index.html}, packed with
 * {@code tar}. Images made from it get {@code CMD ["/bin/sh"]} and {@code WORKDIR /www}, so
 * {@code httpd -f -p 80} serves {@link #INDEX_HTML}.
 */
final class BusyboxRootfs
{
    /** The page {@code httpd} serves at {@code /}. */
    static final String INDEX_HTML = "pontoon busybox\n";
    /** {@code --change} arguments for {@code docker import} and {@code podman import}. */
    static final List<String> CHANGES = List.of("--change", "CMD [\"/bin/sh\"]", "--change", "WORKDIR /www");
    private static final List<Path> CANDIDATES = List.of(Path.of("/usr/bin/busybox"), Path.of("/bin/busybox"));

    private BusyboxRootfs()
    {
    }

    /** Builds {@code dir/busybox-rootfs} and returns {@code dir/busybox-rootfs.tar}; reuses the tarball if it exists. */
    static Path tarball(final Path dir)
    {
        final Path tar = dir.resolve("busybox-rootfs.tar");
        if (Files.exists(tar))
        {
            return tar;
        }
        final Path busybox = CANDIDATES.stream().filter(Files::isExecutable).findFirst()
            .orElseThrow(() -> new LabException("no busybox at " + CANDIDATES + "; install busybox-static (dev/setup)"));
        final Path root = dir.resolve("busybox-rootfs");
        try
        {
            Files.createDirectories(root.resolve("bin"));
            Files.copy(busybox, root.resolve("bin/busybox"), StandardCopyOption.COPY_ATTRIBUTES);
            final String applets = Commands.runOk(List.of(busybox.toString(), "--list-full"), Lab.DEFAULT_TIMEOUT).stdout();
            for (final String applet : applets.split("\n"))
            {
                final Path link = root.resolve(applet.trim());
                if (!applet.isBlank() && !Files.exists(link, LinkOption.NOFOLLOW_LINKS))
                {
                    Files.createDirectories(link.getParent());
                    Files.createSymbolicLink(link, Path.of("/bin/busybox"));
                }
            }
            Files.createDirectories(root.resolve("etc"));
            Files.writeString(root.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n");
            Files.writeString(root.resolve("etc/group"), "root:x:0:\nnogroup:x:65534:\n");
            Files.createDirectories(root.resolve("root"));
            Files.createDirectories(root.resolve("tmp"));
            Files.createDirectories(root.resolve("www"));
            Files.writeString(root.resolve("www/index.html"), INDEX_HTML);
        }
        catch (final IOException e)
        {
            throw new LabException("cannot build busybox root file system in " + root + ": " + e, e);
        }
        Commands.runOk(List.of("chmod", "1777", root.resolve("tmp").toString()), Lab.DEFAULT_TIMEOUT);
        Commands.runOk(List.of("tar", "--numeric-owner", "-C", root.toString(), "-cf", tar.toString(), "."), Lab.DEFAULT_TIMEOUT);
        return tar;
    }
}
