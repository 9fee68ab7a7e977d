// Types for the parts of @secvisogram/csaf-validator-lib the tests use: the package ships JavaScript
// with JSDoc only. Shapes from its README ("Interfaces") and lib/validate.js.
declare module "@secvisogram/csaf-validator-lib/validate.js" {
  export interface Message {
    message: string;
    instancePath: string;
  }
  export interface TestResult {
    isValid?: boolean;
    warnings?: Message[];
    errors?: Message[];
    infos?: Message[];
  }
  export type DocumentTest = (doc: unknown) => TestResult | Promise<TestResult>;
  export interface Result {
    isValid: boolean;
    tests: { name: string; isValid: boolean; errors: Message[]; warnings: Message[]; infos: Message[] }[];
  }
  export default function validate(tests: DocumentTest[], doc: unknown): Promise<Result>;
}

declare module "@secvisogram/csaf-validator-lib/validateStrict.js" {
  import type { DocumentTest, Result } from "@secvisogram/csaf-validator-lib/validate.js";
  /** Like validate, but refuses any test function that is not one of the library's own. */
  export default function validateStrict(tests: DocumentTest[], doc: unknown): Promise<Result>;
}

/** The strict schema test and every mandatory test but 6.1.8 (which the schema test covers); no network. */
declare module "@secvisogram/csaf-validator-lib/basic.js" {
  import type { DocumentTest } from "@secvisogram/csaf-validator-lib/validate.js";
  export const csaf_2_0_strict: DocumentTest;
  export const mandatoryTest_6_1_1: DocumentTest;
}
