package io.openconnectors.camel.instance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import io.openconnectors.camel.webhook.VendorSignaturePreset;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The pages that list instance keys and presets name every one the code knows, with the option it sets. */
class InstanceKeysDocsTest {

    private static String doc(String name) throws IOException {
        return Files.readString(Path.of("..", "docs", name));
    }

    @Test
    void theWebhookPageListsEveryWebhookKeyWithItsOption() throws IOException {
        String doc = doc("webhooks.md");
        assertThat(WebhookKeys.KEYS).allSatisfy(key -> assertThat(doc)
                .contains("| `" + key.path() + "` | `" + key.option() + "`"));
    }

    @Test
    void theWebhookPageDescribesEveryPreset() throws IOException {
        String doc = doc("webhooks.md");
        assertThat(Arrays.stream(VendorSignaturePreset.values()).map(Enum::name))
                .allSatisfy(preset -> assertThat(doc).containsPattern("\\n\\| `" + preset + "`|, `" + preset + "` \\|")
                        .contains("\"event.webhook.signature.preset\": \"" + preset + "\""));
    }

    @Test
    void theCallbackPageListsEverySignatureKeyWithItsOption() throws IOException {
        String doc = doc("notification-format.md");
        assertThat(CallbackKeys.KEYS).allSatisfy(key -> assertThat(doc)
                .contains("| `" + key.path() + "` | `" + key.option() + "`"));
    }
}
