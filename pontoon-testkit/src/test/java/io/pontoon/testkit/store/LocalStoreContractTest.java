// SPDX-License-Identifier: Apache-2.0
package io.pontoon.testkit.store;

import io.pontoon.core.store.LocalStore;
import io.pontoon.core.store.Store;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** Runs the {@link StoreContract} against {@link LocalStore} in a temp directory. */
class LocalStoreContractTest extends StoreContract
{
    @TempDir
    Path dir;

    @Override
    protected Store openStore()
    {
        return LocalStore.open(dir);
    }
}
