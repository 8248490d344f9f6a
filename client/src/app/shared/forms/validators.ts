import { ValidatorFn, Validators } from '@angular/forms';

/**
 * `Validators.required` as a plain function: passing the static method itself trips
 * typescript-eslint's unbound-method rule, though Angular never binds it.
 */
export const required: ValidatorFn = (control) => Validators.required(control);
