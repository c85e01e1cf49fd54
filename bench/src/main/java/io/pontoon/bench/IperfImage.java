// SPDX-License-Identifier: Apache-2.0
package io.pontoon.bench;

import io.pontoon.testkit.Commands;
import io.pontoon.testkit.peers.DockerPeer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A container image holding the host's {@code /usr/bin/iperf3} and the shared libraries
 * {@code ldd} names for it (with the dynamic loader), plus {@code /tmp} (iperf3 keeps its buffer
 * in a temporary file there), imported without a registry:
 * {@code docker import --change 'CMD ["/usr/bin/iperf3","-s"]' ROOTFS.tar IMAGE}.
 */
final class IperfImage
{
    private static final Path IPERF3 = Path.of("/usr/bin/iperf3");
    /** {@code libx.so.1 => /lib/.../libx.so.1 (0x...)} or {@code /lib64/ld-linux-x86-64.so.2 (0x...)}. */
    private static final Pattern LIB = Pattern.compile("(?:=>\\s*)?(/\\S+)\\s+\\(0x[0-9a-f]+\\)");

    private IperfImage()
    {
    }

    /** Builds the root file system in a temporary directory, imports it as {@code image}, deletes the directory. */
    static void importInto(final DockerPeer docker, final String image) throws IOException
    {
        final Path dir = Files.createTempDirectory("pt-bench-iperf");
        try
        {
            final Path root = dir.resolve("rootfs");
            final List<Path> files = new ArrayList<>(List.of(IPERF3));
            final String ldd = Commands.runOk(List.of("ldd", IPERF3.toString()), Duration.ofSeconds(10)).stdout();
            final Matcher m = LIB.matcher(ldd);
            while (m.find())
            {
                files.add(Path.of(m.group(1)));
            }
            for (final Path f : files)
            {
                final Path target = root.resolve(f.toString().substring(1));
                Files.createDirectories(target.getParent());
                Files.copy(f, target, StandardCopyOption.REPLACE_EXISTING);
            }
            Files.createDirectories(root.resolve("tmp"));
            Commands.runOk(List.of("chmod", "1777", root.resolve("tmp").toString()), Duration.ofSeconds(10));
            final Path tar = dir.resolve("rootfs.tar");
            Commands.runOk(List.of("tar", "--numeric-owner", "-C", root.toString(), "-cf", tar.toString(), "."),
                Duration.ofSeconds(30));
            docker.dockerOk("import", "--change", "CMD [\"/usr/bin/iperf3\",\"-s\"]", tar.toString(), image);
        }
        finally
        {
            PontoonDaemon.deleteTree(dir);
        }
    }
}
