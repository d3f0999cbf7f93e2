package io.openconnectors.gateway;

import java.util.List;
import java.util.Optional;

/**
 * Instances kept where an earlier set-up of this gateway kept them, imported into the database once at start: the
 * instance files of earlier versions, or the embedded database of a single node that joins a cluster.
 */
interface EarlierInstances {

    /** Whether there is anything to look at. */
    boolean present();

    /** Where they are, for the log. */
    String where();

    /** Every instance kept there, oldest first. */
    List<StoredInstance> loadAll() throws Exception;

    /** The highest id given there, also to instances deleted since; 0 without one. */
    long lastId() throws Exception;

    /**
     * These were imported (the others' ids are taken in the database).
     *
     * @return where the ones not imported stay, if any is left
     */
    Optional<String> imported(List<Long> ids) throws Exception;
}
