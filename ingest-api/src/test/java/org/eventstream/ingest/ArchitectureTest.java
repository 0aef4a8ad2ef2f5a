package org.eventstream.ingest;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

class ArchitectureTest {

	private static final JavaClasses INGEST = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("org.eventstream.ingest");

	@ParameterizedTest
	@ValueSource(strings = { "application.port.in", "application.port.out", "application.service", "adapter.in.web",
			"adapter.out.kafka", "config" })
	void everyPackageOfTheHexagonHoldsClasses(String pkg) {
		assertThat(INGEST).anyMatch(javaClass -> javaClass.getPackageName().equals("org.eventstream.ingest." + pkg));
	}

	@Test
	void theApplicationImportsNoFrameworkOrInfrastructure() {
		noClasses().that()
			.resideInAPackage("..ingest.application..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("org.springframework..", "tools.jackson..", "com.fasterxml..", "org.apache.kafka..",
					"com.clickhouse..", "reactor..", "io.github.resilience4j..")
			.allowEmptyShould(false)
			.check(INGEST);
	}

	@Test
	void adaptersDoNotDependOnEachOther() {
		noClasses().that()
			.resideInAPackage("..adapter.in..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("..adapter.out..")
			.allowEmptyShould(false)
			.check(INGEST);
		noClasses().that()
			.resideInAPackage("..adapter.out..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("..adapter.in..")
			.allowEmptyShould(false)
			.check(INGEST);
	}

}
