package org.eventstream.metrics;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

class ArchitectureTest {

	private static final JavaClasses METRICS = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("org.eventstream.metrics");

	@ParameterizedTest
	@ValueSource(strings = { "domain", "application.port.in", "application.port.out", "application.service",
			"adapter.in.web", "adapter.out.clickhouse", "config" })
	void everyPackageOfTheHexagonHoldsClasses(String pkg) {
		assertThat(METRICS).anyMatch(javaClass -> javaClass.getPackageName().equals("org.eventstream.metrics." + pkg));
	}

	@Test
	void theDomainAndApplicationImportNoFrameworkOrInfrastructure() {
		noClasses().that()
			.resideInAnyPackage("..metrics.domain..", "..metrics.application..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("org.springframework..", "tools.jackson..", "com.fasterxml..", "com.clickhouse..",
					"reactor..", "com.github.benmanes..", "io.micrometer..")
			.allowEmptyShould(false)
			.check(METRICS);
	}

	@Test
	void theDomainDependsOnNothingOfTheApplication() {
		noClasses().that()
			.resideInAPackage("..metrics.domain..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("..metrics.application..", "..metrics.adapter..")
			.allowEmptyShould(false)
			.check(METRICS);
	}

}
