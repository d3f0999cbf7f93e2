package io.openconnectors.camel;

import java.nio.file.Path;

import io.openconnectors.camel.test.CallbackReceiver;
import io.openconnectors.camel.test.VendorStub;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Camel context with a stand-in vendor and callback receiver on loopback, and poll windows in a temporary folder.
 */
abstract class PollTestSupport extends CamelTestSupport {

    /** The hub-style URL of the seed, with its where filter on the window start. */
    static final String HUB_PATH = "/hubs/crm/contacts?where=lastUpdated>'${gmtDate:yyyy-MM-dd'T'HH:mm:ss'Z'}'";

    @TempDir
    Path dataDir;

    final VendorStub vendor = new VendorStub();
    final CallbackReceiver callback = new CallbackReceiver();

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext context = super.createCamelContext();
        context.getComponent("openconnectors", OpenConnectorsComponent.class)
                .setStateFile(dataDir.resolve("windows.dat").toString());
        return context;
    }

    @AfterEach
    void stopServers() {
        context.stop(); // before the servers, so that no poll meets a closed vendor
        vendor.close();
        callback.close();
    }

    /** A poll URI on the stand-in vendor: contacts with ISO dates, polling every 100 ms. */
    String pollUri(String pathAndQuery, String options) {
        return "openconnectors:poll:contacts?instanceId=t1&url=RAW(" + vendor.baseUrl() + pathAndQuery + ")"
               + "&updatedDateField=_info.lastUpdated&createdDateField=_info.created&delay=100&initialDelay=0"
               + (options.isEmpty() ? "" : "&" + options);
    }

    String callbackUri() {
        return "openconnectors:callback:t1?callbackUrl=" + callback.url() + "&signatureSecret=RAW(k3y)";
    }

    /** Starts a route from {@code pollUri} to the callback receiver. */
    void startRoute(String routeId, String pollUri) throws Exception {
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(pollUri).routeId(routeId).to(callbackUri());
            }
        });
    }
}
