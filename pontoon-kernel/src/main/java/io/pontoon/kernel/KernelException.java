// SPDX-License-Identifier: Apache-2.0
package io.pontoon.kernel;

import io.pontoon.kernel.ffm.Errno;

/**
 * A kernel call failed. Carries the operation (named like the iproute2 command it equals), the
 * object it was applied to, the errno and the kernel's extended-ack text when there is one.
 */
public final class KernelException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    private final String operation;
    private final String object;
    private final int errno;
    private final String extack;

    public KernelException(final String operation, final String object, final int errno, final String extack)
    {
        super(format(operation, object, errno, extack));
        this.operation = operation;
        this.object = object;
        this.errno = errno;
        this.extack = extack == null ? "" : extack;
    }

    /** A failure detected in Java before any call reached the kernel (bad name, bad address). */
    public static KernelException invalid(final String operation, final String object, final String reason)
    {
        return new KernelException(operation, object, Errno.EINVAL, reason);
    }

    public String operation()
    {
        return operation;
    }

    public String object()
    {
        return object;
    }

    public int errno()
    {
        return errno;
    }

    public String extack()
    {
        return extack;
    }

    public boolean isNotFound()
    {
        return errno == Errno.ENOENT || errno == Errno.ENODEV || errno == Errno.ESRCH || errno == Errno.EADDRNOTAVAIL;
    }

    public boolean isExists()
    {
        return errno == Errno.EEXIST;
    }

    private static String format(final String operation, final String object, final int errno, final String extack)
    {
        final StringBuilder sb = new StringBuilder(operation);
        if (object != null && !object.isEmpty())
        {
            sb.append(' ').append(object);
        }
        sb.append(": ").append(Errno.describe(errno));
        if (extack != null && !extack.isEmpty())
        {
            sb.append(" (").append(extack).append(')');
        }
        return sb.toString();
    }
}
