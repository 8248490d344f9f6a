import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean } from 'class-validator';

export class ConsentDecisionDto {
  @ApiProperty({ description: 'true: allow the application; false: deny.' })
  @IsBoolean()
  approve: boolean;
}

export class ConsentRequestDto {
  @ApiProperty() clientName: string;
  @ApiProperty({ type: [String] }) scopes: string[];
  @ApiProperty() username: string;
}

export class InteractionRedirectDto {
  @ApiProperty({ description: 'Where the browser goes next (back to the provider).' })
  redirectTo: string;
}
