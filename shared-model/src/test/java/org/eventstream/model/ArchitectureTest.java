package org.eventstream.model;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

class ArchitectureTest {

	private static final JavaClasses MODEL = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("org.eventstream.model");

	@ParameterizedTest
	@ValueSource(strings = { "event", "validation", "identity", "time", "wire" })
	void everyPackageTheRulesNameHoldsClasses(String pkg) {
		assertThat(MODEL).anyMatch(javaClass -> javaClass.getPackageName().equals("org.eventstream.model." + pkg));
	}

	@Test
	void theDomainImportsNoFrameworkOrInfrastructure() {
		noClasses().that()
			.resideInAnyPackage("..model.event..", "..model.validation..", "..model.identity..", "..model.time..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("tools.jackson..", "com.fasterxml..", "org.springframework..", "org.apache.kafka..",
					"com.clickhouse..")
			.allowEmptyShould(false)
			.check(MODEL);
	}

	@Test
	void onlyTheWireFormatKnowsJackson() {
		noClasses().that()
			.resideOutsideOfPackage("..model.wire..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("tools.jackson..", "com.fasterxml..")
			.allowEmptyShould(false)
			.check(MODEL);
	}

	@Test
	void theDomainDoesNotDependOnTheWireFormat() {
		noClasses().that()
			.resideOutsideOfPackage("..model.wire..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("..model.wire..")
			.allowEmptyShould(false)
			.check(MODEL);
	}

}
