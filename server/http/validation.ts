import { ValidationError, ValidationPipe } from '@nestjs/common';
import { AppError, FieldProblem } from './app-error';

const CONSTRAINT_CODES: Record<string, string> = {
  isDefined: 'REQUIRED',
  isNotEmpty: 'REQUIRED',
  isString: 'INVALID_TYPE',
  maxLength: 'TOO_LONG',
  whitelistValidation: 'UNKNOWN_FIELD',
};

/** Flattens class-validator's tree into one problem per field, with the first failed constraint. */
export function toFieldProblems(errors: ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own: FieldProblem[] = [];
    const constraints = Object.keys(error.constraints ?? {});
    if (constraints.length > 0) {
      // A missing value fails every constraint; "required" is the one worth saying.
      const key =
        error.value === undefined || error.value === null
          ? 'isDefined'
          : (constraints.find((c) => c === 'isString') ?? constraints[0]);
      const code = CONSTRAINT_CODES[key] ?? 'INVALID';
      const context = error.contexts?.[key] as { max?: number } | undefined;
      const max = context?.max;
      own.push({ field, code, ...(max !== undefined ? { params: { max } } : {}) });
    }
    return [...own, ...toFieldProblems(error.children ?? [], field)];
  });
}

export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    forbidUnknownValues: true,
    stopAtFirstError: false,
    exceptionFactory: (errors) => new AppError('VALIDATION_FAILED', toFieldProblems(errors)),
  });
}
