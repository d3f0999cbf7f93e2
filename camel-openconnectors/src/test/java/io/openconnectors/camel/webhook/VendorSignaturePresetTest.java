package io.openconnectors.camel.webhook;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/** A preset is only data: every value it holds reaches the options it fills, and the user's own values win. */
class VendorSignaturePresetTest {

    private static final List<Method> GETTERS = Arrays.stream(WebhookConfiguration.class.getMethods())
            .filter(m -> m.getName().startsWith("get") && m.getParameterCount() == 0 && m.getDeclaringClass() == WebhookConfiguration.class)
            .toList();

    @ParameterizedTest
    @EnumSource(VendorSignaturePreset.class)
    void everyValueOfThePresetFillsAnUnsetOption(VendorSignaturePreset preset) throws Exception {
        WebhookConfiguration filled = preset.under(new WebhookConfiguration());
        for (Method getter : GETTERS) {
            Object value = getter.invoke(preset.defaults());
            if (value != null) {
                assertThat(getter.invoke(filled)).as(preset + ": " + getter.getName()).isEqualTo(value);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(VendorSignaturePreset.class)
    void anOptionSetByTheUserIsKept(VendorSignaturePreset preset) {
        WebhookConfiguration own = new WebhookConfiguration();
        own.setVendorSignatureHeader("X-Own");
        own.setEventTypeMapping("thing.made:CREATED");

        WebhookConfiguration filled = preset.under(own);

        assertThat(filled.getVendorSignatureHeader()).isEqualTo("X-Own");
        assertThat(filled.getEventTypeMapping()).isEqualTo("thing.made:CREATED");
        assertThat(own.getVendorSignaturePrefix()).as("the user's configuration is not changed").isNull();
    }
}
