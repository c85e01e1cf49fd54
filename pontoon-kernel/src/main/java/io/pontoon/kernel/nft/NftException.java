// SPDX-License-Identifier: Apache-2.0
package io.pontoon.kernel.nft;

/**
 * The {@code nft} executable failed. Carries the command line (without the script), its exit
 * status and what it printed on stderr, which names the offending line of the script.
 */
public final class NftException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    private final String command;
    private final int exitStatus;
    private final String stderr;

    public NftException(final String command, final int exitStatus, final String stderr)
    {
        super(command + " failed (exit " + exitStatus + "): " + stderr.strip());
        this.command = command;
        this.exitStatus = exitStatus;
        this.stderr = stderr;
    }

    public String command()
    {
        return command;
    }

    /** The process exit status; -1 when it did not finish in time and was killed. */
    public int exitStatus()
    {
        return exitStatus;
    }

    public String stderr()
    {
        return stderr;
    }

    /** nft reported a missing table, chain, set or element. */
    public boolean isNotFound()
    {
        return stderr.contains("No such file or directory");
    }
}
