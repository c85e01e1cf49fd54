// SPDX-License-Identifier: Apache-2.0
package io.pontoon.core.controller;

import io.pontoon.core.PontoonException;
import io.pontoon.core.driver.SandboxNs;
import io.pontoon.core.model.SandboxRecord;
import io.pontoon.kernel.KernelException;
import io.pontoon.kernel.netlink.rtnl.Rtnl;
import io.pontoon.kernel.netns.NetNs;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The runtime side of sandboxes: their namespaces (bind-mounted under the netns directory, with
 * a netlink socket opened inside each, kept for the sandbox's life) and the detached processes
 * the daemon starts in them.
 */
final class SandboxRuntime implements AutoCloseable
{
    private static final String PATH_ENV = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private final Path netnsDir;
    private final Path logDir;
    private final Map<String, SandboxNs> open = new ConcurrentHashMap<>();
    private final Map<Long, Process> children = new ConcurrentHashMap<>();

    SandboxRuntime(final Path netnsDir, final Path logDir)
    {
        this.netnsDir = netnsDir;
        this.logDir = logDir;
    }

    Path netnsDir()
    {
        return netnsDir;
    }

    /** Creates the sandbox's namespace with {@code lo} up; equals {@code ip netns add ID}. */
    SandboxNs create(final String id)
    {
        final NetNs ns = NetNs.create(netnsDir, id);
        try
        {
            final Rtnl rtnl = Rtnl.open(ns);
            rtnl.linkSetUp("lo");
            final SandboxNs s = new SandboxNs(id, ns, rtnl);
            open.put(id, s);
            return s;
        }
        catch (final RuntimeException e)
        {
            ns.close();
            NetNs.delete(netnsDir, id);
            throw e;
        }
    }

    /** The namespace at {@code path} (a sandbox's own, or the one it shares), opened once. */
    SandboxNs open(final String key, final String path)
    {
        return open.computeIfAbsent(key, k ->
        {
            final NetNs ns = NetNs.open(Path.of(path));
            try
            {
                return new SandboxNs(k, ns, Rtnl.open(ns));
            }
            catch (final RuntimeException e)
            {
                ns.close();
                throw e;
            }
        });
    }

    boolean exists(final String path)
    {
        return path != null && Files.exists(Path.of(path));
    }

    /** Closes the handles and removes the namespace's bind mount; missing is fine. */
    void delete(final String id)
    {
        close(id);
        NetNs.delete(netnsDir, id);
    }

    void close(final String key)
    {
        final SandboxNs s = open.remove(key);
        if (s != null)
        {
            s.rtnl().close();
            s.ns().close();
        }
    }

    /** Namespace files that exist on disk (to prune those no sandbox owns). */
    List<String> namespaceFiles()
    {
        final List<String> out = new ArrayList<>();
        final File[] files = netnsDir.toFile().listFiles();
        if (files != null)
        {
            for (final File f : files)
            {
                out.add(f.getName());
            }
        }
        return out;
    }

    /**
     * Starts {@code command} in the namespace at {@code nsPath} (the daemon's own when null),
     * in its own session, stdin from /dev/null, output appended to the sandbox's log file.
     */
    Process start(final String sandboxId, final String nsPath, final List<String> command)
    {
        final List<String> argv = new ArrayList<>();
        argv.add("setsid");
        if (nsPath != null)
        {
            argv.add("nsenter");
            argv.add("--net=" + nsPath);
            argv.add("--");
        }
        argv.addAll(command);
        final File log = logDir.resolve(sandboxId + ".log").toFile();
        try
        {
            Files.createDirectories(logDir);
            final ProcessBuilder pb = new ProcessBuilder(argv).directory(new File("/"))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log)).redirectErrorStream(true);
            pb.environment().clear();
            pb.environment().put("PATH", PATH_ENV);
            final Process p = pb.start();
            children.put(p.pid(), p);
            return p;
        }
        catch (final IOException e)
        {
            throw PontoonException.invalid("cannot run '%s': %s", command.get(0), e.getMessage());
        }
    }

    /** Refuses a command whose executable does not exist, before anything is created. */
    static void checkExecutable(final List<String> command)
    {
        final String exe = command.get(0);
        if (exe.contains("/"))
        {
            if (!Files.isExecutable(Path.of(exe)) || Files.isDirectory(Path.of(exe)))
            {
                throw PontoonException.invalid("cannot run '%s': no such executable", exe);
            }
            return;
        }
        for (final String dir : PATH_ENV.split(":"))
        {
            final Path p = Path.of(dir, exe);
            if (Files.isExecutable(p) && !Files.isDirectory(p))
            {
                return;
            }
        }
        throw PontoonException.invalid("cannot run '%s': executable file not found in %s", exe, PATH_ENV);
    }

    /** The process's exit status once it has ended (128+N for signal N); empty while running. */
    Optional<Integer> exitCode(final SandboxRecord s)
    {
        if (s.pid() == 0)
        {
            return Optional.empty();
        }
        final Process child = children.get(s.pid());
        if (child != null)
        {
            return child.isAlive() ? Optional.empty() : Optional.of(child.exitValue());
        }
        return Optional.empty();
    }

    /** Whether the sandbox's detached process is still running. */
    boolean running(final SandboxRecord s)
    {
        if (s.pid() == 0)
        {
            return false;
        }
        final Process child = children.get(s.pid());
        if (child != null)
        {
            return child.isAlive();
        }
        // not our child (the daemon restarted): alive (a zombie is dead), and still our command
        return ProcessHandle.of(s.pid()).filter(ProcessHandle::isAlive).filter(h -> !zombie(h.pid()))
            .flatMap(h -> h.info().command())
            .map(cmd -> s.command().isEmpty() || cmd.endsWith(new File(s.command().get(0)).getName()))
            .orElse(false);
    }

    /** Kills the sandbox's process with SIGKILL and waits for it to go. */
    void kill(final SandboxRecord s)
    {
        if (!running(s))
        {
            children.remove(s.pid());
            return;
        }
        final Process child = children.get(s.pid());
        ProcessHandle.of(s.pid()).ifPresent(h ->
        {
            h.destroyForcibly();
            try
            {
                if (child != null)
                {
                    child.onExit().get(10, TimeUnit.SECONDS);
                    return;
                }
                // not our child: init reaps it when it likes; dead once it is a zombie or gone
                final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (h.isAlive() && !zombie(h.pid()))
                {
                    if (System.nanoTime() > deadline)
                    {
                        throw new IllegalStateException("still alive");
                    }
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
                }
            }
            catch (final Exception e)
            {
                throw PontoonException.unavailable("process %d of sandbox %s did not exit after SIGKILL", s.pid(), s.name());
            }
        });
        children.remove(s.pid());
    }

    /**
     * The detached processes of sandboxes whose start the previous daemon did not get to record
     * (it died between starting one and storing its pid), by sandbox id: for each sandbox without
     * a pid but with a command and a namespace of its own, a session leader ({@link #start} runs
     * {@code setsid}) inside that namespace running the sandbox's command. One pass over
     * {@code /proc} for all of them (a namespace is matched by the inode of
     * {@code /proc/PID/ns/net}, like {@code ip netns pids}); no pass when no sandbox qualifies.
     */
    Map<String, Long> unrecordedProcesses(final Collection<SandboxRecord> sandboxes)
    {
        final Map<Object, SandboxRecord> byNs = new HashMap<>();
        for (final SandboxRecord s : sandboxes)
        {
            if (s.pid() == 0 && !s.command().isEmpty() && s.containerOf() == null && s.netnsPath() != null)
            {
                nsKey(Path.of(s.netnsPath())).ifPresent(k -> byNs.put(k, s));
            }
        }
        final Map<String, Long> found = new HashMap<>();
        if (byNs.isEmpty())
        {
            return found;
        }
        ProcessHandle.allProcesses().forEach(h ->
        {
            final SandboxRecord s = nsKey(Path.of("/proc/" + h.pid() + "/ns/net")).map(byNs::get).orElse(null);
            if (s != null && !found.containsKey(s.id()) && sessionLeader(h.pid())
                && h.info().command().map(c -> new File(c).getName().equals(new File(s.command().get(0)).getName())).orElse(false))
            {
                found.put(s.id(), h.pid());
            }
        });
        return found;
    }

    /** The identity (device and inode) of a namespace file, or empty when it cannot be read. */
    private static Optional<Object> nsKey(final Path nsFile)
    {
        try
        {
            return Optional.ofNullable(Files.readAttributes(nsFile, BasicFileAttributes.class).fileKey());
        }
        catch (final IOException e)
        {
            return Optional.empty(); // gone, or not ours to look at
        }
    }

    /** Whether {@code pid} leads its session (field 6 of /proc/PID/stat is its own pid). */
    private static boolean sessionLeader(final long pid)
    {
        try
        {
            final String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            final String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return f.length > 3 && f[3].equals(Long.toString(pid));
        }
        catch (final IOException | RuntimeException e)
        {
            return false;
        }
    }

    /** Whether {@code pid} has exited and only waits to be reaped (state Z in /proc/PID/stat). */
    private static boolean zombie(final long pid)
    {
        try
        {
            final String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            final int close = stat.lastIndexOf(')');
            return close > 0 && close + 2 < stat.length() && stat.charAt(close + 2) == 'Z';
        }
        catch (final IOException e)
        {
            return true; // gone
        }
    }

    /** Registers a callback run once the daemon's child process exits. */
    void onExit(final long pid, final Runnable r)
    {
        final Process p = children.get(pid);
        if (p != null)
        {
            p.onExit().thenRun(r);
        }
    }

    @Override
    public void close()
    {
        for (final String k : List.copyOf(open.keySet()))
        {
            try
            {
                close(k);
            }
            catch (final KernelException ignored)
            {
                // closing fds cannot really fail; keep going
            }
        }
    }
}
