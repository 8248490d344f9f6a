import { ApiProperty } from '@nestjs/swagger';

export class ActivityDto {
  @ApiProperty({ format: 'date-time', example: '2026-11-28T05:40:00.000Z' })
  occurredAt: string;

  @ApiProperty({ example: 'sign_in.succeeded' })
  kind: string;

  @ApiProperty({ enum: ['user', 'admin', 'operator', 'system'] })
  actorKind: string;

  @ApiProperty({
    type: String,
    nullable: true,
    description:
      'The acting account; null when the system or an operator acted, and on an account’s own activity when it acted itself.',
  })
  actorUsername: string | null;

  @ApiProperty({ type: String, nullable: true })
  ipAddress: string | null;

  @ApiProperty({ type: String, nullable: true })
  userAgent: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    example: 'Chrome 131 (Windows)',
    description:
      'The browser and system the server read from userAgent; null when it knows neither.',
  })
  device: string | null;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    example: { reason: 'wrong_password' },
  })
  detail: Record<string, unknown>;
}
