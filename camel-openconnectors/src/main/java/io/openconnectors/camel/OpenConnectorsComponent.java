package io.openconnectors.camel;

import java.io.File;
import java.util.Map;

import org.apache.camel.Endpoint;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.StateRepository;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.DefaultComponent;
import org.apache.camel.support.processor.state.FileStateRepository;
import org.apache.camel.support.service.ServiceHelper;

/**
 * The {@code openconnectors} component: events out of SaaS APIs, the way SAP Open Connectors delivers them.
 */
@Component("openconnectors")
public class OpenConnectorsComponent extends DefaultComponent {

    @Metadata(label = "consumer,advanced")
    private StateRepository<String, String> stateRepository;
    @Metadata(label = "consumer", defaultValue = "data/openconnectors-poll-windows.dat")
    private String stateFile = "data/openconnectors-poll-windows.dat";

    private StateRepository<String, String> ownedStateRepository;

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        int colon = remaining.indexOf(':');
        if (colon <= 0 || colon == remaining.length() - 1) {
            throw new IllegalArgumentException(
                    "Expected openconnectors:poll:<resource>, openconnectors:webhook:<name> or openconnectors:callback:<name>, not "
                                               + "openconnectors:" + remaining);
        }
        OpenConnectorsEndpoint endpoint = new OpenConnectorsEndpoint(uri, this);
        endpoint.setKind(getCamelContext().getTypeConverter().mandatoryConvertTo(EndpointKind.class,
                remaining.substring(0, colon)));
        endpoint.setName(remaining.substring(colon + 1));
        setProperties(endpoint, parameters);
        return endpoint;
    }

    /** The repository for endpoints that name none: the configured one, else a file repository. */
    synchronized StateRepository<String, String> defaultStateRepository() {
        if (stateRepository != null) {
            return stateRepository;
        }
        if (ownedStateRepository == null) {
            FileStateRepository files = FileStateRepository.fileStateRepository(new File(stateFile));
            ServiceHelper.startService(files);
            ownedStateRepository = files;
        }
        return ownedStateRepository;
    }

    @Override
    protected void doStop() throws Exception {
        synchronized (this) {
            ServiceHelper.stopService(ownedStateRepository);
            ownedStateRepository = null;
        }
        super.doStop();
    }

    public StateRepository<String, String> getStateRepository() {
        return stateRepository;
    }

    /**
     * Where poll windows are kept for every endpoint that sets none (a Camel StateRepository). By default a file,
     * see stateFile.
     */
    public void setStateRepository(StateRepository<String, String> stateRepository) {
        this.stateRepository = stateRepository;
    }

    public String getStateFile() {
        return stateFile;
    }

    /**
     * The file that keeps poll windows when no stateRepository is set.
     */
    public void setStateFile(String stateFile) {
        this.stateFile = stateFile;
    }
}
