package io.openconnectors.camel.store;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The line that says where notifications go names the database, never a credential a JDBC URL may carry. */
class OwnedEventStoreTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "jdbc:h2:file:/var/data/events;MODE=PostgreSQL;PASSWORD=s3cret | jdbc:h2:file:/var/data/events",
            "jdbc:postgresql://db:5432/events?user=app&password=s3cret | jdbc:postgresql://db:5432/events",
            "jdbc:postgresql://app:s3cret@db:5432/events | jdbc:postgresql://***@db:5432/events",
            "jdbc:oracle:thin:app/s3cret@db:1521/events | jdbc:oracle:***@db:1521/events" })
    void theLoggedDatabaseCarriesNoCredential(String url, String logged) {
        assertThat(OwnedEventStore.loggable(url)).isEqualTo(logged).doesNotContain("s3cret");
    }
}
