import { HttpStatus } from '@nestjs/common';
import { defineErrors } from '../http/app-error';

export const accountsError = defineErrors({
  LAST_ADMINISTRATOR: {
    status: HttpStatus.CONFLICT,
    ja: '契約の最後のアカウント管理者は、無効にすること、一般ユーザにすること、有効期限切れにすることはできません。',
    en: "The contract's last account administrator cannot be disabled, made a general user or expired.",
  },
});
