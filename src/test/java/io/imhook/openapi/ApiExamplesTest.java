package io.imhook.openapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;

/** A broken example shows as a string, not as JSON, in Swagger UI: every example must parse. */
class ApiExamplesTest {

    @Test
    void everyExampleIsJson() throws Exception {
        List<Field> examples = Arrays.stream(ApiExamples.class.getFields())
                .filter(field -> Modifier.isStatic(field.getModifiers()) && field.getType() == String.class)
                .filter(field -> !field.getName().endsWith("_TAG"))
                .toList();
        assertThat(examples).hasSizeGreaterThan(15);
        ObjectMapper json = new ObjectMapper();
        for (Field field : examples) {
            String example = (String) field.get(null);
            assertThatCode(() -> json.readTree(example)).as(field.getName()).doesNotThrowAnyException();
            assertThat(json.readTree(example).isContainerNode()).as(field.getName()).isTrue();
        }
    }
}
