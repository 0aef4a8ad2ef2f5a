package org.eventstream.testinfra;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A JUnit 5 extension that hands tests the shared {@link KafkaEndpoint} and
 * {@link ClickHouseEndpoint}: <pre>
 * &#64;ExtendWith(RealInfrastructure.class)
 * class SomeIntegrationTest {
 *     &#64;Test
 *     void roundTrip(KafkaEndpoint kafka, ClickHouseEndpoint clickHouse) { ... }
 * }
 * </pre>
 */
public final class RealInfrastructure implements ParameterResolver {

	@Override
	public boolean supportsParameter(ParameterContext parameter, ExtensionContext extension) {
		Class<?> type = parameter.getParameter().getType();
		return type == KafkaEndpoint.class || type == ClickHouseEndpoint.class;
	}

	@Override
	public Object resolveParameter(ParameterContext parameter, ExtensionContext extension) {
		return (parameter.getParameter().getType() == KafkaEndpoint.class) ? TestInfrastructure.kafka()
				: TestInfrastructure.clickHouse();
	}

}
