/** Validation rules shared by inputs (class-validator constraints), and how arguments are validated. */
import {
  getMetadataStorage,
  validateSync,
  ValidationTypes,
  ValidatorConstraint,
  type ValidatorConstraintInterface,
  type ValidatorOptions,
} from 'class-validator';
import { ArgumentValidationError } from 'type-graphql';
import { isSchoolYear } from '../domain/school-year';

@ValidatorConstraint({ name: 'trimmedText' })
export class TrimmedText implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return typeof value === 'string' && value.trim() === value && value.length > 0;
  }
  defaultMessage(): string {
    return 'must not be blank or start or end with spaces';
  }
}

@ValidatorConstraint({ name: 'schoolYear' })
export class SchoolYearRule implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return typeof value === 'string' && isSchoolYear(value);
  }
  defaultMessage(): string {
    return 'must be a school year written like "2026-2027"';
  }
}

const VALIDATOR_OPTIONS: ValidatorOptions = { skipMissingProperties: true, forbidUnknownValues: false };

/** A class with class-validator rules, as class-validator types its targets. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- class-validator's metadata is keyed by Function
type ClassTarget = Function;

const rulesByClass = new WeakMap<ClassTarget, boolean>();

/**
 * Whether class-validator has a rule for objects of this class (`@IsOptional`
 * alone is none). Asked once per class: class-validator looks its rules up
 * by scanning all of them on every call.
 */
function hasRules(target: ClassTarget): boolean {
  let found = rulesByClass.get(target);
  if (found === undefined) {
    const rules = getMetadataStorage().getTargetValidationMetadatas(target, '', true, false);
    found = rules.some((rule) => rule.type !== ValidationTypes.CONDITIONAL_VALIDATION);
    rulesByClass.set(target, found);
  }
  return found;
}

/**
 * type-graphql's argument validation (`validateFn`), with the same rules and
 * the same error as its default, run synchronously: the default imports
 * class-validator and awaits a promise for every argument object of every
 * field, which on a nested page of connections is thousands of times per
 * request. The hub's constraints are all synchronous. Objects of classes
 * without rules (pages of lists: `first` is checked where it is used) are
 * not walked at all.
 */
export function validateArguments(value: unknown): void {
  if (value === null || typeof value !== 'object') return;
  const items = (Array.isArray(value) ? value : [value]).filter(
    (item): item is object => item !== null && typeof item === 'object' && hasRules(item.constructor),
  );
  const errors = items.flatMap((item) => validateSync(item, VALIDATOR_OPTIONS));
  if (errors.length > 0) throw new ArgumentValidationError(errors);
}
