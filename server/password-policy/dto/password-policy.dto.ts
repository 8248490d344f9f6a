import { ApiProperty } from '@nestjs/swagger';
import type {
  AnyPolicyRuleCode,
  PasswordPolicyDescription,
  PolicyRule,
  PolicyRuleCode,
} from '../password-policy';

const RULE_CODES: PolicyRuleCode[] = [
  'MIN_LENGTH',
  'MAX_LENGTH',
  'ASCII_PRINTABLE',
  'UPPERCASE',
  'DIGIT_OR_SYMBOL',
  'NOT_USERNAME',
  'NOT_CURRENT',
  'NOT_COMMON',
  'NOT_RECENT',
];

export class PolicyRuleDto implements PolicyRule {
  @ApiProperty({
    example: RULE_CODES[0],
    description: `Tobira's rules: ${RULE_CODES.join(', ')}; a replacement policy may add its own codes.`,
  })
  code: AnyPolicyRuleCode;

  @ApiProperty({ type: 'object', additionalProperties: { type: 'number' }, example: { min: 10 } })
  params: Record<string, number>;

  @ApiProperty({ example: '10文字以上' })
  message: string;

  @ApiProperty({ description: 'Whether the browser can evaluate the rule as the user types.' })
  clientCheck: boolean;
}

export class PasswordPolicyDto implements PasswordPolicyDescription {
  @ApiProperty({ example: 'manual' })
  preset: string;

  @ApiProperty({ example: 10 })
  minLength: number;

  @ApiProperty({ example: 255 })
  maxLength: number;

  @ApiProperty()
  summary: string;

  @ApiProperty({ type: [PolicyRuleDto] })
  rules: PolicyRuleDto[];
}
