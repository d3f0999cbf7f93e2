package io.openconnectors.example.springboot;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/** GitHub's webhooks, checked with the github preset, into the subscriber's callback. */
@Component
public class GithubRoutes extends RouteBuilder {

    @Override
    public void configure() {
        from("openconnectors:webhook:github?path=/events/github&instanceId=github-1&elementKey=github"
             + "&vendorSignaturePreset=github&vendorSignatureSecret=RAW({{github.secret}})&objectIdField=issue.id"
             + "&objectType=issues")
            .routeId("github-issues")
            .to("openconnectors:callback:github-1?callbackUrl={{events.callback-url}}&signatureSecret=RAW({{events.secret}})");
    }
}
