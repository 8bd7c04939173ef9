package bplab.dl4j;

import java.util.Collection;
import org.deeplearning4j.core.storage.Persistable;
import org.deeplearning4j.core.storage.StatsStorageRouter;
import org.deeplearning4j.core.storage.StorageMetaData;
import org.deeplearning4j.ui.model.stats.api.StatsInitializationReport;

/**
 * Forwards a StatsListener's records, replacing the model configuration in its initialisation
 * report by {@code modelJson}. The network trains with {@link DeltaRecordingLoss} in its output
 * layer, which DL4J's UI cannot read back from JSON (its model page would fail); the
 * replacement is the same configuration with DL4J's own loss function.
 */
final class ModelInfoRouter implements StatsStorageRouter {
    private final StatsStorageRouter next;
    private final String modelJson;

    ModelInfoRouter(StatsStorageRouter next, String modelJson) {
        this.next = next;
        this.modelJson = modelJson;
    }

    @Override
    public void putStorageMetaData(StorageMetaData m) {
        next.putStorageMetaData(m);
    }

    @Override
    public void putStorageMetaData(Collection<? extends StorageMetaData> ms) {
        next.putStorageMetaData(ms);
    }

    @Override
    public void putStaticInfo(Persistable p) {
        if (p instanceof StatsInitializationReport r && r.hasModelInfo()) {
            r.reportModelInfo(r.getModelClassName(), modelJson, r.getModelParamNames(), r.getModelNumLayers(),
                    r.getModelNumParams());
        }
        next.putStaticInfo(p);
    }

    @Override
    public void putStaticInfo(Collection<? extends Persistable> ps) {
        for (Persistable p : ps) putStaticInfo(p);
    }

    @Override
    public void putUpdate(Persistable p) {
        next.putUpdate(p);
    }

    @Override
    public void putUpdate(Collection<? extends Persistable> ps) {
        next.putUpdate(ps);
    }
}
