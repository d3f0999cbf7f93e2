package io.openconnectors.camel.springboot;

import javax.sql.DataSource;

import io.micrometer.core.instrument.MeterRegistry;
import io.openconnectors.camel.OpenConnectorsComponent;
import org.apache.camel.CamelContext;
import org.apache.camel.Component;
import org.apache.camel.spi.ComponentCustomizer;
import org.apache.camel.spring.boot.CamelAutoConfiguration;
import org.apache.camel.spring.boot.ComponentConfigurationProperties;
import org.apache.camel.spring.boot.util.CamelPropertiesHelper;
import org.apache.camel.spring.boot.util.ConditionalOnCamelContextAndAutoConfigurationBeans;
import org.apache.camel.spring.boot.util.ConditionalOnHierarchicalProperties;
import org.apache.camel.spring.boot.util.HierarchicalPropertiesEvaluator;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Lazy;

/**
 * Configures the {@code openconnectors} component from {@code camel.component.openconnectors.*}, the way Camel's own
 * starters do (a component customizer, off with {@code camel.component.openconnectors.customizer.enabled=false}), and
 * hands it the application's beans: its {@code DataSource} turns durable delivery on (schema created at start; off with
 * {@code camel.component.openconnectors.durable=false}), its {@code MeterRegistry} receives the metrics. A bean or URL
 * named in the properties wins.
 */
@AutoConfiguration(after = CamelAutoConfiguration.class)
@Conditional(ConditionalOnCamelContextAndAutoConfigurationBeans.class)
@EnableConfigurationProperties({ ComponentConfigurationProperties.class, OpenConnectorsComponentConfiguration.class })
@ConditionalOnHierarchicalProperties({ "camel.component", "camel.component.openconnectors" })
public class OpenConnectorsComponentAutoConfiguration {

    @Lazy
    @Bean
    public ComponentCustomizer configureOpenConnectorsComponent(
            ApplicationContext applicationContext, CamelContext camelContext, OpenConnectorsComponentConfiguration configuration,
            ObjectProvider<DataSource> dataSources, ObjectProvider<MeterRegistry> meterRegistries) {
        return new ComponentCustomizer() {
            @Override
            public void configure(String name, Component target) {
                CamelPropertiesHelper.copyProperties(camelContext, configuration, target);
                OpenConnectorsComponent component = (OpenConnectorsComponent) target;
                if (component.getEventStore() == null && component.getJdbcUrl() == null && component.getDataSource() == null) {
                    // the primary one when the application has several
                    dataSources.ifUnique(component::setDataSource);
                }
                if (component.getMeterRegistry() == null) {
                    meterRegistries.ifUnique(component::setMeterRegistry);
                }
            }

            @Override
            public boolean isEnabled(String name, Component target) {
                return HierarchicalPropertiesEvaluator.evaluate(applicationContext, "camel.component.customizer",
                        "camel.component.openconnectors.customizer") && target instanceof OpenConnectorsComponent;
            }
        };
    }
}
