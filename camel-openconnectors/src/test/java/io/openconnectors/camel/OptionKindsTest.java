package io.openconnectors.camel;

import org.apache.camel.ResolveEndpointFailedException;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * One endpoint class serves three kinds; an option of another kind is refused with its name, not ignored.
 */
class OptionKindsTest extends CamelTestSupport {

    @Test
    void anOptionOfAnotherKindIsRefusedNamingTheOptionAndItsKind() {
        assertThatThrownBy(() -> context.getEndpoint("openconnectors:callback:x?callbackUrl=http://app.example/e&pageSize=5"
                                                     + "&vendorSignatureSecret=s"))
                .isInstanceOf(ResolveEndpointFailedException.class)
                .hasRootCauseInstanceOf(InvalidSettingsException.class)
                .rootCause()
                .hasMessageContaining("pageSize: is an option of openconnectors:poll, not of openconnectors:callback")
                .hasMessageContaining("vendorSignatureSecret: is an option of openconnectors:webhook, not of openconnectors:callback");
        assertThatThrownBy(() -> context.getEndpoint("openconnectors:poll:contacts?url=http://crm.example/c&signatureSecret=k"))
                .rootCause().hasMessageContaining("signatureSecret: is an option of openconnectors:callback, not of openconnectors:poll");
    }

    @Test
    void optionsOfTheEndpointsOwnKindAndCommonOnesAreTaken() {
        assertThat(context.getEndpoint("openconnectors:poll:contacts?url=http://crm.example/c&pageSize=5&instanceId=i&delay=1000"))
                .isInstanceOf(OpenConnectorsEndpoint.class);
        assertThat(context.getEndpoint("openconnectors:callback:x?callbackUrl=http://app.example/e&signatureSecret=k&instanceId=i"))
                .isInstanceOf(OpenConnectorsEndpoint.class);
    }
}
