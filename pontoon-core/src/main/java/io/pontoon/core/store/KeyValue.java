// SPDX-License-Identifier: Apache-2.0
package io.pontoon.core.store;

/**
 * One stored key with its value and the store revision of its last change (etcd's
 * {@code mod_revision}). A key that exists always has {@code modRevision > 0}.
 */
public record KeyValue(String key, String value, long modRevision)
{
    public KeyValue
    {
        Txn.checkKey(key);
        if (value == null)
        {
            throw new IllegalArgumentException("value of '" + key + "' must not be null");
        }
        if (modRevision <= 0)
        {
            throw new IllegalArgumentException("modRevision must be positive, got " + modRevision);
        }
    }
}
