package bplab.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URL;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * deeplearning4j-ui brings Vert.x 3.9, which asks for Jackson 2.10 unshaded; the pom manages it
 * to the project's Jackson. One copy of each Jackson artifact is on the class path, all at
 * one version, and Vert.x's JSON codec (which the UI's endpoints use) works on it.
 */
class UiJacksonTest {
    private static List<URL> copiesOf(String resource) throws IOException {
        return Collections.list(UiJacksonTest.class.getClassLoader().getResources(resource));
    }

    @Test
    void oneJacksonOnTheClassPathAndVertxEncodesAndDecodesWithIt() throws IOException {
        assertThat(copiesOf("com/fasterxml/jackson/databind/ObjectMapper.class")).hasSize(1);
        assertThat(copiesOf("com/fasterxml/jackson/core/JsonFactory.class")).hasSize(1);
        String databind = com.fasterxml.jackson.databind.cfg.PackageVersion.VERSION.toString();
        assertThat(com.fasterxml.jackson.core.json.PackageVersion.VERSION.toString()).isEqualTo(databind);
        assertThat(new ObjectMapper().version().toString()).isEqualTo(databind);

        JsonObject o = new JsonObject().put("scores", new JsonArray().add(1.5).add(0.25)).put("session", "a.b");
        JsonObject back = new JsonObject(o.encode());
        assertThat(back.getJsonArray("scores").getDouble(1)).isEqualTo(0.25);
        assertThat(back.getString("session")).isEqualTo("a.b");
        assertThat(new ObjectMapper().readTree(o.encode()).get("scores").get(0).asDouble()).isEqualTo(1.5);
    }
}
