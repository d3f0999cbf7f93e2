package io.openconnectors.camel.springboot;

import java.beans.Introspector;
import java.beans.PropertyDescriptor;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.openconnectors.camel.OpenConnectorsComponent;
import io.openconnectors.camel.store.JdbcEventStore;
import org.apache.camel.CamelContext;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The starter in a Spring Boot application: properties reach the component, the application's DataSource turns durable
 * delivery on unless durable=false, its MeterRegistry is used, and IDEs get metadata for every option.
 */
class OpenConnectorsStarterTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    static Path data;

    @SpringBootApplication
    static class App {
    }

    @Configuration
    static class AppBeans {
        @Bean
        DataSource appDatabase() {
            JdbcDataSource database = new JdbcDataSource();
            database.setURL(JdbcEventStore.h2FileUrl(data.resolve("app")));
            return database;
        }

        @Bean
        MeterRegistry meters() {
            return new SimpleMeterRegistry();
        }
    }

    private static OpenConnectorsComponent component(CamelContext camel) {
        return camel.getComponent("openconnectors", OpenConnectorsComponent.class);
    }

    @Nested
    @SpringBootTest(classes = { App.class, AppBeans.class }, properties = {
            "camel.component.openconnectors.max-retries=3",
            "camel.component.openconnectors.retry-unit=5s",
            "camel.component.openconnectors.callback-down-after=10m",
            "camel.component.openconnectors.egress-strict=true",
            "camel.component.openconnectors.state-file=target/starter-test/windows.dat" })
    class WithTheApplicationsBeans {

        @Autowired
        CamelContext camel;
        @Autowired
        MeterRegistry meters;

        @Test
        void propertiesReachTheComponentInTheirOwnUnits() {
            OpenConnectorsComponent component = component(camel);
            assertThat(component.getMaxRetries()).isEqualTo(3);
            assertThat(component.getRetryUnit()).isEqualTo(5_000);
            assertThat(component.getCallbackDownAfter()).isEqualTo(600_000);
            assertThat(component.isEgressStrict()).isTrue();
            assertThat(component.getStateFile()).isEqualTo("target/starter-test/windows.dat");
        }

        @Test
        void theApplicationsDataSourceTurnsDurableDeliveryOnWithItsSchema() {
            OpenConnectorsComponent component = component(camel);
            assertThat(component.getEventStore()).isNotNull();
            assertThat(component.getEventStore().countByStatus()).isNotNull(); // the tables exist
            assertThat(component.getMeterRegistry()).isSameAs(meters);
        }
    }

    @Nested
    @SpringBootTest(classes = { App.class, AppBeans.class }, properties = "camel.component.openconnectors.durable=false")
    class WithDurableFalse {

        @Autowired
        CamelContext camel;

        @Test
        void notificationsAreDeliveredDirectlyWhateverTheApplicationHolds() {
            assertThat(component(camel).getEventStore()).isNull();
        }
    }

    @Test
    void everyOptionOfTheComponentIsAPropertyWithMetadata() throws Exception {
        JsonNode catalog;
        try (InputStream in = getClass().getResourceAsStream("/META-INF/io/openconnectors/camel/openconnectors.json")) {
            catalog = MAPPER.readTree(in);
        }
        JsonNode metadata;
        try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            metadata = MAPPER.readTree(in);
        }
        List<String> properties = Arrays.stream(Introspector.getBeanInfo(OpenConnectorsComponentConfiguration.class)
                .getPropertyDescriptors()).map(PropertyDescriptor::getName).toList();
        List<String> described = new ArrayList<>();
        metadata.path("properties").forEach(p -> described.add(p.path("name").asText()));

        List<String> options = new ArrayList<>();
        catalog.path("componentProperties").fieldNames().forEachRemaining(options::add);
        assertThat(options).isNotEmpty().allSatisfy(option -> {
            assertThat(properties).as("a property for " + option).contains(option);
            assertThat(described).as("metadata for " + option)
                    .contains("camel.component.openconnectors." + option.replaceAll("([A-Z])", "-$1").toLowerCase());
        });
    }
}
