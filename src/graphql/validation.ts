/** Validation rules shared by inputs (class-validator constraints). */
import { ValidatorConstraint, type ValidatorConstraintInterface } from 'class-validator';
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
